import { blockTexts, startTemplatesEnv, type TemplatesEnv } from './harness';

let env: TemplatesEnv;
beforeAll(async () => {
  env = await startTemplatesEnv();
});
afterAll(async () => {
  await env.stop();
});

const T = (tenant: string) => `/internal/v1/tenants/${tenant}/templates`;

async function waitDone(tenant: string, id: string) {
  const end = Date.now() + 15_000;
  for (;;) {
    const res = await env.call('GET', `/internal/v1/tenants/${tenant}/notifications/${id}`);
    if (res.body?.done || Date.now() > end) return res.body;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('reading and editing', () => {
  it('lists every kind, enabled, with the default template', async () => {
    const res = await env.call('GET', T('t-list'));
    expect(res.status).toBe(200);
    expect(res.body.templates.map((t: { kind: string }) => t.kind)).toEqual([
      'invite',
      'enrollment',
      'assignment',
      'reminder',
      'invite_updated',
      'invite_cancelled',
      'enrollment_updated',
      'enrollment_cancelled',
      'assignment_updated',
      'assignment_cancelled',
      'reminder_updated',
      'reminder_cancelled',
      'track_welcome',
      'track_cancelled',
      'test_message',
    ]);
    for (const t of res.body.templates) {
      expect(t).toMatchObject({ enabled: true, is_default: true, override_count: 0, updated_at: null });
      expect(typeof t.template.body).toBe('string');
    }
    expect(res.body.templates.find((t: { kind: string }) => t.kind === 'test_message').can_disable).toBe(
      false,
    );
  });

  it('has updated and cancelled variants: previewed with a sample change, editable, never disabled', async () => {
    const preview = await env.call('POST', `${T('t-variants')}/invite_updated/preview`, {});
    expect(preview.status).toBe(200);
    expect(JSON.stringify(preview.body.blocks)).toContain('*Updated:* the time and place changed.');
    const cancelled = await env.call('POST', `${T('t-variants')}/invite_cancelled/preview`, {});
    expect(JSON.stringify(cancelled.body.blocks)).toContain('The speaker is ill.');
    const edit = await env.call('PUT', `${T('t-variants')}/invite_cancelled`, {
      template: { body: 'Off: {{content.title}}{{#change.reason}} ({{change.reason}}){{/change.reason}}' },
    });
    expect(edit.status).toBe(200);
    expect(edit.body.is_default).toBe(false);
    const off = await env.call('PUT', `${T('t-variants')}/invite_updated`, { enabled: false });
    expect(off.status).toBe(400);
    const unknown = await env.call('PUT', `${T('t-variants')}/invite`, {
      template: { body: '{{change.what}}' },
    });
    expect(unknown.status).toBe(422);
  });

  it('edits part of a template, reports it, and resets it to the default', async () => {
    const put = await env.call('PUT', `${T('t-edit')}/reminder`, {
      template: { header: 'Heads up', context: null },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ kind: 'reminder', enabled: true, is_default: false });
    expect(put.body.template.header).toBe('Heads up');
    expect(put.body.template.context).toBeUndefined();
    expect(put.body.template.body).toBe(put.body.default_template.body);
    expect(put.body.variables).toContain('content.title');

    const got = await env.call('GET', `${T('t-edit')}/reminder`);
    expect(got.body.template).toEqual(put.body.template);

    const reset = await env.call('DELETE', `${T('t-edit')}/reminder`);
    expect(reset.status).toBe(200);
    expect(reset.body.is_default).toBe(true);
    expect(reset.body.template).toEqual(reset.body.default_template);
  });

  it('an edit equal to the default is stored as the default', async () => {
    const def = (await env.call('GET', `${T('t-same')}/invite`)).body.default_template;
    const put = await env.call('PUT', `${T('t-same')}/invite`, { template: def });
    expect(put.body.is_default).toBe(true);
  });

  it('refuses unknown kinds, unknown fields and disabling test_message', async () => {
    expect((await env.call('GET', `${T('t-bad')}/newsletter`)).status).toBe(400);
    expect((await env.call('PUT', `${T('t-bad')}/invite`, { template: { footer: 'x' } })).status).toBe(400);
    const off = await env.call('PUT', `${T('t-bad')}/test_message`, { enabled: false });
    expect(off.status).toBe(400);
    expect(off.body.error).toBe('invalid_request');
  });
});

describe('refused on save: 422 invalid_template with the place', () => {
  it('a syntax error', async () => {
    const res = await env.call('PUT', `${T('t-422')}/invite`, {
      template: { body: 'Hello {{recipient.name}},\nsee {{#content.title}}*{{content.title}}*' },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'invalid_template', field: 'body', code: 'syntax', line: 2 });
    expect(res.body.position).toBe(res.body.problems[0].position);
    expect(typeof res.body.column).toBe('number');
    expect(res.body.message).toMatch(/line 2, column \d+/);
  });

  it('an unknown variable', async () => {
    const res = await env.call('PUT', `${T('t-422')}/invite`, {
      template: { header: 'Hi {{content.titel}}' },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      field: 'header',
      code: 'unknown_variable',
      position: 3,
      line: 1,
      column: 4,
    });
  });

  it('a template that breaks Block Kit limits with the longest content', async () => {
    const res = await env.call('PUT', `${T('t-422')}/invite`, {
      template: { header: '{{content.title}} {{content.location}}' },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ field: 'header', code: 'exceeds_block_kit_limit' });
    const body = await env.call('PUT', `${T('t-422')}/invite`, {
      template: { body: '{{content.description}}\n'.repeat(30) },
    });
    expect(body.status).toBe(422);
    expect(body.body.code).toBe('exceeds_block_kit_limit');
  });

  it('over the source limit, and an empty body', async () => {
    const long = await env.call('PUT', `${T('t-422')}/invite`, { template: { header: 'x'.repeat(501) } });
    expect(long.status).toBe(422);
    expect(long.body.code).toBe('too_long');
    const empty = await env.call('PUT', `${T('t-422')}/invite`, { template: { body: '  ' } });
    expect(empty.status).toBe(422);
    expect(empty.body.code).toBe('required');
  });

  it('injection attempts in the template text', async () => {
    for (const [template, code] of [
      [{ body: '{{{data.x}}}' }, 'unsupported_tag'],
      [{ body: '{{& content.title}}' }, 'unsupported_tag'],
      [{ body: '{{> partial}}' }, 'unsupported_tag'],
      [{ body: '<!channel> {{content.title}}' }, 'unsafe_markup'],
      [{ body: '<{{data.url}}|click here>' }, 'unsafe_markup'],
    ] as const) {
      const res = await env.call('PUT', `${T('t-422')}/invite`, { template });
      expect([res.status, res.body.code]).toEqual([422, code]);
    }
  });

  it('nothing was saved', async () => {
    const res = await env.call('GET', `${T('t-422')}/invite`);
    expect(res.body.is_default).toBe(true);
  });
});

describe('preview', () => {
  it('renders the saved template with sample content, and unsaved changes', async () => {
    const saved = await env.call('POST', `${T('t-prev')}/invite/preview`, {});
    expect(saved.status).toBe(200);
    expect(saved.body.source).toBe('default');
    expect(saved.body.text).toMatch(/^You're invited: Intro to Data Science \(/);
    expect(blockTexts(saved.body.blocks)).toContain('*Grace Hopper* invited you to *Intro to Data Science*');
    // Sample location "Room 4 & Zoom": escaped once, for Slack.
    expect(blockTexts(saved.body.blocks)).toContain('Room 4 &amp; Zoom');

    const unsaved = await env.call('POST', `${T('t-prev')}/invite/preview`, {
      template: { header: 'New' },
      content: { id: 'c1', title: 'Rust 101' },
      actor_name: null,
    });
    expect(unsaved.body.source).toBe('request');
    expect(unsaved.body.text).toBe('New: Rust 101');
    expect(blockTexts(unsaved.body.blocks)).toContain("You're invited to *Rust 101*");
    // Still the default on record.
    expect((await env.call('GET', `${T('t-prev')}/invite`)).body.is_default).toBe(true);
  });

  it('a broken unsaved template is 422 with the place', async () => {
    const res = await env.call('POST', `${T('t-prev')}/invite/preview`, { template: { body: '{{#when}}x' } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'invalid_template', field: 'body', position: 0 });
  });

  it('escapes values for Slack only: no HTML entities, no mentions, no links', async () => {
    const res = await env.call('POST', `${T('t-prev')}/enrollment/preview`, {
      template: { body: 'Title: {{content.title}} / {{data.note}}' },
      content: {
        id: 'c2',
        title: `<!channel> Tom & Jerry's "show" <@U123> <https://evil.example|click>`,
        url: 'javascript:alert(1)',
      },
      data: { note: '<!here> {{actor.name}}' },
    });
    expect(res.status).toBe(200);
    const texts = `${res.body.text}\n${blockTexts(res.body.blocks)}`;
    expect(texts).toContain(
      `Title: &lt;!channel&gt; Tom &amp; Jerry's "show" &lt;@U123&gt; &lt;https://evil.example|click&gt; / &lt;!here&gt; {{actor.name}}`,
    );
    expect(texts).not.toMatch(/&quot;|&#39;|&#x/);
    expect(texts).not.toMatch(/<!channel>|<!here>|<@U123>|<https:\/\/evil/);
    // A javascript: URL makes no button.
    expect(JSON.stringify(res.body.blocks)).not.toContain('javascript:');
    expect(res.body.blocks.some((b: { type: string }) => b.type === 'actions')).toBe(false);
  });
});

describe('precedence: content override > tenant edit > default, in real deliveries', () => {
  const tenant = 't-prec';
  let teamId: string;
  let slackIds: string[];

  beforeAll(async () => {
    ({ teamId, slackIds } = await env.connect(tenant, 1));
  });

  async function send(contentId: string, key: string) {
    const res = await env.call('POST', `/internal/v1/tenants/${tenant}/notifications`, {
      idempotency_key: key,
      type: 'assignment',
      recipient_user_ids: ['u0'],
      content: { id: contentId, title: 'Data 101', url: 'https://plusplus.example/e/1' },
    });
    expect(res.status).toBe(202);
    const done = await waitDone(tenant, res.body.notification_id);
    expect(done.deliveries[0].status).toBe('sent');
    const dms = env.sb.messages({ teamId, user: slackIds[0] });
    return dms[dms.length - 1]!;
  }

  it('default, then the edit, then the override for its content only', async () => {
    const def = await send('evt-1', 'k-default');
    expect(def.text).toBe('New assignment: Data 101');

    await env.call('PUT', `${T(tenant)}/assignment`, { template: { header: 'Edited' } });
    expect((await send('evt-1', 'k-edit')).text).toBe('Edited: Data 101');

    const ov = await env.call('PUT', `${T(tenant)}/assignment/overrides/evt-1`, {
      header: 'Special',
      body: 'Only for this one: *{{content.title}}*, {{recipient.name}}',
    });
    expect(ov.status).toBe(200);
    expect(ov.body.content_id).toBe('evt-1');
    const special = await send('evt-1', 'k-override');
    expect(special.text).toBe('Special: Data 101');
    // The recipient's name is a value: escaped (`<`, `&`), not parsed.
    expect(blockTexts(special.blocks)).toContain('Only for this one: *Data 101*, Person &lt;0&gt; &amp; co');
    // No button label in the override: the default label, the edit's fields are not inherited.
    expect(blockTexts(special.blocks)).toContain('Open in PlusPlus');

    expect((await send('evt-2', 'k-other-content')).text).toBe('Edited: Data 101');

    const detail = await env.call('GET', `${T(tenant)}/assignment`);
    expect(detail.body.overrides.map((o: { content_id: string }) => o.content_id)).toEqual(['evt-1']);
    const prev = await env.call('POST', `${T(tenant)}/assignment/preview`, {
      content: { id: 'evt-1', title: 'Data 101' },
    });
    expect(prev.body.source).toBe('override');

    expect((await env.call('DELETE', `${T(tenant)}/assignment/overrides/evt-1`)).status).toBe(204);
    expect((await env.call('DELETE', `${T(tenant)}/assignment/overrides/evt-1`)).status).toBe(404);
    expect((await send('evt-1', 'k-after-delete')).text).toBe('Edited: Data 101');
    await env.call('DELETE', `${T(tenant)}/assignment`);
    expect((await send('evt-1', 'k-after-reset')).text).toBe('New assignment: Data 101');
  });

  it('an override is checked like an edit; test_message has none', async () => {
    const bad = await env.call('PUT', `${T(tenant)}/invite/overrides/evt-9`, { body: 'x {{nope}}' });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ field: 'body', code: 'unknown_variable', position: 2 });
    const none = await env.call('PUT', `${T(tenant)}/test_message/overrides/x`, { body: 'hi' });
    expect(none.status).toBe(400);
  });

  it('a disabled type: isTypeEnabled false, deliveries skipped type_disabled', async () => {
    const off = await env.call('PUT', `${T(tenant)}/reminder`, { enabled: false });
    expect(off.body.enabled).toBe(false);
    expect(await env.templates.chooser.isTypeEnabled(tenant, 'reminder')).toBe(false);
    expect(await env.templates.chooser.isTypeEnabled(tenant, 'invite')).toBe(true);
    const before = env.sb.messages({ teamId, user: slackIds[0] }).length;
    const res = await env.call('POST', `/internal/v1/tenants/${tenant}/notifications`, {
      idempotency_key: 'k-disabled',
      type: 'reminder',
      recipient_user_ids: ['u0'],
      content: { id: 'evt-1', title: 'Data 101' },
    });
    expect(res.status).toBe(202);
    expect(res.body.deliveries).toEqual([{ user_id: 'u0', status: 'skipped', reason: 'type_disabled' }]);
    expect(env.sb.messages({ teamId, user: slackIds[0] })).toHaveLength(before);
    const on = await env.call('PUT', `${T(tenant)}/reminder`, { enabled: true });
    expect(on.body.enabled).toBe(true);
    expect(await env.templates.chooser.isTypeEnabled(tenant, 'reminder')).toBe(true);
  });
});

describe('send a preview to yourself', () => {
  const tenant = 't-send';
  it('DMs the rendered preview to the actor', async () => {
    const { teamId, slackIds } = await env.connect(tenant, 1);
    const res = await env.call('POST', `${T(tenant)}/reminder/preview/send`, {
      actor_user_id: 'u0',
      template: { body: 'Do not forget *{{content.title}}*, {{recipient.name}}!' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sent: true, slack_user_id: slackIds[0], source: 'request' });
    const dm = env.sb.messages({ teamId, user: slackIds[0] }).at(-1)!;
    expect(dm.ts).toBe(res.body.ts);
    expect(dm.text).toBe(`[Preview] ${res.body.text}`);
    expect(blockTexts(dm.blocks)).toContain(
      'Do not forget *Intro to Data Science*, Person &lt;0&gt; &amp; co!',
    );
    // Nothing was saved.
    expect((await env.call('GET', `${T(tenant)}/reminder`)).body.is_default).toBe(true);
  });

  it('404 for an unknown or unlinked user, 409 when not connected', async () => {
    expect(
      (await env.call('POST', `${T(tenant)}/invite/preview/send`, { actor_user_id: 'nobody' })).status,
    ).toBe(404);
    await env.users.upsert(tenant, { id: 'unlinked', email: 'x@example.com' });
    const unlinked = await env.call('POST', `${T(tenant)}/invite/preview/send`, {
      actor_user_id: 'unlinked',
    });
    expect([unlinked.status, unlinked.body.error]).toEqual([404, 'not_found']);
    const nc = await env.call('POST', `${T('t-unconnected')}/invite/preview/send`, { actor_user_id: 'u0' });
    expect([nc.status, nc.body.error]).toEqual([409, 'not_connected']);
  });
});

it('a type disabled after accept: the worker skips its queued deliveries (type_disabled)', async () => {
  const tenant = 't-late';
  const { teamId, slackIds } = await env.connect(tenant, 1);
  await env.delivery.worker.stop();
  const res = await env.call('POST', `/internal/v1/tenants/${tenant}/notifications`, {
    idempotency_key: 'k-late',
    type: 'invite',
    recipient_user_ids: ['u0'],
    content: { id: 'evt-1', title: 'Data 101' },
  });
  expect(res.body.deliveries[0].status).toBe('queued');
  await env.call('PUT', `${T(tenant)}/invite`, { enabled: false });
  env.anotherDelivery().worker.start();
  const done = await waitDone(tenant, res.body.notification_id);
  expect(done.deliveries[0]).toMatchObject({ status: 'skipped', reason: 'type_disabled' });
  expect(env.sb.messages({ teamId, user: slackIds[0] })).toHaveLength(0);
});

it('the routes are in the OpenAPI document', async () => {
  const doc = (await env.call('GET', '/internal/v1/openapi.json')).body;
  const paths = Object.keys(doc.paths).filter((p) => p.includes('/templates'));
  expect(paths.sort()).toEqual([
    '/internal/v1/tenants/{tenant_id}/templates',
    '/internal/v1/tenants/{tenant_id}/templates/{kind}',
    '/internal/v1/tenants/{tenant_id}/templates/{kind}/locales/{locale}',
    '/internal/v1/tenants/{tenant_id}/templates/{kind}/overrides/{content_id}',
    '/internal/v1/tenants/{tenant_id}/templates/{kind}/preview',
    '/internal/v1/tenants/{tenant_id}/templates/{kind}/preview/send',
  ]);
});
