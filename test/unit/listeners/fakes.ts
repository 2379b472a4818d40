/**
 * Fakes for listener unit tests, in the shape of Slack's bolt-ts starter template: a fake `ack`,
 * `respond` and Web API `client`, and fake services. Every fake writes its name into one shared
 * `calls` list, so a test can assert the order (the ack first) and the count of each call.
 */
import type { WebClient } from '@slack/web-api';
import type {
  HomeModel,
  MappingFormModel,
  TemplateFormModel,
  UnmatchedPageModel,
} from '../../../src/app/app-home/home-model';
import type { Logger } from '../../../src/platform/logger';

/** The id the fake `views.open` answers with (the placeholder modal's id). */
export const OPENED_VIEW_ID = 'V_OPENED';

// biome-ignore lint/suspicious/noExplicitAny: a fake stands in for functions of any signature.
type AnyFn = (...args: any[]) => any;

export function fakeSlack() {
  const calls: string[] = [];
  const recorded = <R>(name: string, result: R) =>
    // biome-ignore lint/suspicious/noExplicitAny: the arguments are what the test inspects.
    jest.fn(async (..._args: any[]) => {
      calls.push(name);
      return result;
    });
  const client = {
    views: {
      publish: recorded('views.publish', { ok: true }),
      open: recorded('views.open', { ok: true, view: { id: OPENED_VIEW_ID } }),
      update: recorded('views.update', { ok: true }),
    },
    chat: { postMessage: recorded('chat.postMessage', { ok: true, ts: '1.2' }) },
  };
  return {
    calls,
    ack: recorded('ack', undefined),
    respond: recorded('respond', undefined),
    client,
    /** The same client, typed as Bolt hands it to listeners. */
    webClient: client as unknown as WebClient,
  };
}

/**
 * A fake service: each method of `impl` becomes a jest.fn that records `name.method` in `calls`,
 * then runs the implementation given.
 */
export function fakeService<T extends Record<string, AnyFn>>(
  calls: string[],
  name: string,
  impl: T,
): { [K in keyof T]: jest.Mock<ReturnType<T[K]>, Parameters<T[K]>> } {
  const fake: Record<string, jest.Mock> = {};
  for (const [method, fn] of Object.entries(impl)) {
    fake[method] = jest.fn((...args: unknown[]) => {
      calls.push(`${name}.${method}`);
      return fn(...args);
    });
  }
  return fake as { [K in keyof T]: jest.Mock<ReturnType<T[K]>, Parameters<T[K]>> };
}

/** A logger whose methods are jest.fn (only what the listeners use). */
export function fakeLogger() {
  const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() };
  return { logger, asLogger: logger as unknown as Logger };
}

/** Team T1, user U1: who pressed, typed or submitted. */
export const TEAM = 'T1';
export const USER = 'U1';

/** A small home (a member without an account) with `notice` on top. */
export const homeModel = (notice: string | null = null): HomeModel => ({
  notice,
  connected: true,
  me: null,
  admin: null,
});

export const mappingForm = (over: Partial<MappingFormModel> = {}): MappingFormModel => ({
  plusplus: 'email',
  slack: 'profile.email',
  preview: null,
  ...over,
});

export const templateForm = (over: Partial<TemplateFormModel> = {}): TemplateFormModel => ({
  kind: 'reminder',
  label: 'Reminder',
  isDefault: true,
  variables: [],
  fields: { header: 'h', body: 'b', button_label: 'Open', context: 'c' },
  preview: null,
  ...over,
});

export const unmatchedPage = (offset = 0): UnmatchedPageModel => ({
  total: 1,
  offset,
  pageSize: 20,
  entries: [{ userId: 'u9', name: 'Grace', email: 'grace@example.com', reason: 'no_match' }],
  counts: { total: 2, matched: 1, ambiguous: 0, errors: 0 },
});
