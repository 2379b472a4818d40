import { monitorEventLoopDelay } from 'node:perf_hooks';
import { MAX_SECTION_DEPTH, RENDER_BUDGET } from '../../../src/domain/templates/limits';
import { blockTexts, startTemplatesEnv, type TemplatesEnv } from './harness';

/**
 * The template budget (issue 16): four nested `{{#data.a}}` sections with `data.a` of 100 items
 * (inside the notification limits) took 41 s to preview and 3.4 GB, and PUT saved it. Now such a
 * template is refused at save and preview, and rendering is bounded again when `data` arrives.
 */
let env: TemplatesEnv;
beforeAll(async () => {
  env = await startTemplatesEnv();
});
afterAll(async () => {
  await env.stop();
});

const T = (tenant: string) => `/internal/v1/tenants/${tenant}/templates`;
const nested = (depth: number, inner = 'x') =>
  `${'{{#data.a}}'.repeat(depth)}${inner}${'{{/data.a}}'.repeat(depth)}`;
const hundred = Array.from({ length: 100 }, (_, i) => i);

/** Runs `fn` while measuring the longest event-loop stall (the services run in this process). */
async function worstStallMs<R>(fn: () => Promise<R>): Promise<{ result: R; maxMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  try {
    const result = await fn();
    return { result, maxMs: h.max / 1e6 };
  } finally {
    h.disable();
  }
}

async function waitDone(tenant: string, id: string) {
  const end = Date.now() + 15_000;
  for (;;) {
    const res = await env.call('GET', `/internal/v1/tenants/${tenant}/notifications/${id}`);
    if (res.body?.done || Date.now() > end) return res.body;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('refused at save', () => {
  it('four nested sections (the issue): 422 nesting_too_deep, at the fourth, nothing saved', async () => {
    const body = nested(4);
    const res = await env.call('PUT', `${T('b-save')}/reminder`, { template: { body } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      error: 'invalid_template',
      field: 'body',
      code: 'nesting_too_deep',
      position: '{{#data.a}}'.length * MAX_SECTION_DEPTH,
      line: 1,
    });
    expect((await env.call('GET', `${T('b-save')}/reminder`)).body.is_default).toBe(true);
  });

  it('three nested sections over lists: 422 too_expensive (1,000,000 passes with 100-item lists)', async () => {
    const res = await env.call('PUT', `${T('b-save')}/reminder`, { template: { body: nested(3) } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'too_expensive', field: 'body' });
    expect(res.body.message).toContain('1,000,000');
  });

  it('the same in an override and in a preview of unsaved edits', async () => {
    const override = await env.call('PUT', `${T('b-save')}/reminder/overrides/evt-1`, { body: nested(4) });
    expect(override.status).toBe(422);
    expect(override.body.code).toBe('nesting_too_deep');
    const preview = await env.call('POST', `${T('b-save')}/reminder/preview`, {
      template: { body: nested(3) },
      data: { a: hundred },
    });
    expect(preview.status).toBe(422);
    expect(preview.body.code).toBe('too_expensive');
  });

  it('nested conditionals on documented variables are not lists, and two lists are fine', async () => {
    const body = `{{#content.location}}{{#content.description}}{{#data.a}}{{#data.b}}{{.}}{{/data.b}}{{/data.a}}{{/content.description}}{{/content.location}}`;
    const deep = await env.call('PUT', `${T('b-ok')}/reminder`, { template: { body } });
    expect(deep.status).toBe(422); // four deep all the same
    expect(deep.body.code).toBe('nesting_too_deep');
    const ok = await env.call('PUT', `${T('b-ok')}/reminder`, {
      template: { body: `{{#content.location}}${nested(2, '{{.}}')}{{/content.location}}` },
    });
    expect(ok.status).toBe(200);
  });
});

describe('enforced again when data arrives', () => {
  // Valid (two nested lists), but with 25 tokens inside (comments: no output, so the Block Kit
  // check at save has nothing to object to), 100 × 100 passes visit 250,000 tokens.
  const heavy = nested(2, '{{! nothing }}'.repeat(25));

  it('a preview with such data: 422 too_expensive, quickly', async () => {
    expect((await env.call('PUT', `${T('b-run')}/reminder`, { template: { body: heavy } })).status).toBe(200);
    const { result: res, maxMs } = await worstStallMs(() =>
      env.call('POST', `${T('b-run')}/reminder/preview`, { data: { a: hundred } }),
    );
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'too_expensive', field: 'body' });
    expect(res.body.message).toContain(RENDER_BUDGET.tokens.toLocaleString('en-US'));
    expect(maxMs).toBeLessThan(500);
    // With a short list it renders.
    const short = await env.call('POST', `${T('b-run')}/reminder/preview`, { data: { a: [1, 2] } });
    expect(short.body).toMatchObject({ source: 'tenant' });
  });

  it('a delivery with such data is sent with the default template, not stalled', async () => {
    const { teamId, slackIds } = await env.connect('b-run', 1);
    const { result: done, maxMs } = await worstStallMs(async () => {
      const res = await env.call('POST', '/internal/v1/tenants/b-run/notifications', {
        idempotency_key: 'k-heavy',
        type: 'reminder',
        recipient_user_ids: ['u0'],
        content: { id: 'evt-1', title: 'Data 101' },
        data: { a: hundred },
      });
      expect(res.status).toBe(202);
      return waitDone('b-run', res.body.notification_id);
    });
    expect(done.deliveries[0].status).toBe('sent');
    const dm = env.sb.messages({ teamId, user: slackIds[0] }).at(-1)!;
    expect(blockTexts(dm.blocks)).toContain('Data 101');
    expect(maxMs).toBeLessThan(500);
  });

  it('long output is cut, not refused: a list of long strings is rendered up to the budget', async () => {
    const tenant = 'b-long';
    const body = '{{#data.items}}{{.}}\n{{/data.items}}';
    expect((await env.call('PUT', `${T(tenant)}/reminder`, { template: { body } })).status).toBe(200);
    const items = Array.from({ length: 100 }, () => 'y'.repeat(1000));
    const res = await env.call('POST', `${T(tenant)}/reminder/preview`, { data: { items } });
    expect(res.status).toBe(200);
    const texts = blockTexts(res.body.blocks);
    expect(texts.length).toBeLessThan(RENDER_BUDGET.output_chars);
    expect(texts).toContain('…');
  });
});
