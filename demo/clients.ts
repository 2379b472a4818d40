import { signedHeaders } from '../src/internal-api/signature';

export { Browser, type Visit } from '../src/sandbox/browser';

/** What an HTTP call answered: the status and the parsed JSON body (or the text). */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The internal API as the PlusPlus backend calls it: JSON over HTTP, every request signed with
 * PLUSPLUS_SIGNING_SECRET (design §4), exactly what `npm run call` sends.
 */
export class InternalApi {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
  ) {}

  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the steps
  async call<T = any>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const raw = body === undefined ? '' : JSON.stringify(body);
    const url = `${this.baseUrl}${path}`;
    const headers: Record<string, string> = { ...signedHeaders(this.secret, method, url, raw) };
    if (raw) headers['Content-Type'] = 'application/json';
    const res = await fetch(url, { method, headers, body: raw || undefined });
    return { status: res.status, body: (await readBody(res)) as T };
  }

  /** `call`, scoped to one tenant: `path` is below /internal/v1/tenants/{tenant}. */
  // biome-ignore lint/suspicious/noExplicitAny: as above
  tenant<T = any>(tenantId: string, method: string, path: string, body?: unknown): Promise<Answer<T>> {
    return this.call<T>(method, `/internal/v1/tenants/${tenantId}${path}`, body);
  }
}

/** The fake Slack's control API (`/_sandbox/…`, docs/sandbox.md): what a test or a Slack admin would do. */
export class FakeSlack {
  constructor(readonly url: string) {}

  // biome-ignore lint/suspicious/noExplicitAny: the control API's answers are plain JSON
  async control<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await readBody(res);
    if (!res.ok) {
      throw new Error(
        `fake Slack ${method} /_sandbox${path} answered ${res.status}: ${JSON.stringify(answer)}`,
      );
    }
    return answer as T;
  }
}
