import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../support/app';

/**
 * Issue 16: a Connect `return_url` must lie on an origin of RETURN_URL_ORIGINS (sandbox mode adds
 * its own); anything else is 400 invalid_request and no link is made, so Connect cannot send an
 * admin's browser to https://evil.example after OAuth.
 */
const T = '/internal/v1/tenants/return-url';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ RETURN_URL_ORIGINS: 'https://admin.plusplus.example,https://*.tenants.example' });
});
afterAll(async () => {
  await t.stop();
});

const tickets = async () =>
  (
    await t.app.database.dataSource.query(
      `SELECT count(*)::int AS n FROM slack_connect_tickets WHERE tenant_id = 'return-url'`,
    )
  )[0].n as number;

describe('RETURN_URL_ORIGINS', () => {
  it('accepts a return_url on an allowed origin or subdomain, or none', async () => {
    for (const body of [
      { return_url: 'https://admin.plusplus.example/settings/slack?tab=1' },
      { return_url: 'https://acme.tenants.example/admin/integrations/slack' },
      {},
    ]) {
      const res = await t.call('POST', `${T}/slack/connect`, body);
      expect({ body, status: res.status }).toEqual({ body, status: 200 });
    }
  });

  it('refuses any other origin with 400 invalid_request, and makes no link', async () => {
    const before = await tickets();
    for (const url of [
      'https://evil.example/steal',
      'http://admin.plusplus.example/settings/slack',
      'https://admin.plusplus.example:8443/settings/slack',
      'https://admin.plusplus.example.evil.example/',
      'https://tenants.example/',
    ]) {
      const res = await t.call('POST', `${T}/slack/connect`, { return_url: url });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: 'invalid_request',
        message: expect.stringContaining('RETURN_URL_ORIGINS'),
        details: [{ path: 'return_url', code: 'origin_not_allowed' }],
      });
    }
    expect(await tickets()).toBe(before);
  });
});

describe('without RETURN_URL_ORIGINS', () => {
  let bare: TestApp;
  beforeAll(async () => {
    bare = await startTestApp({ RETURN_URL_ORIGINS: '' });
  });
  afterAll(async () => {
    await bare.stop();
  });

  it('refuses every return_url, saying what to configure; Connect without one still works', async () => {
    const res = await bare.call('POST', `${T}/slack/connect`, {
      return_url: 'https://admin.plusplus.example/',
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/no origins are configured.*RETURN_URL_ORIGINS/);
    expect((await bare.call('POST', `${T}/slack/connect`, {})).status).toBe(200);
  });
});

describe('sandbox mode', () => {
  let sandbox: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'plusplus-return-url-'));
    sandbox = await startTestApp({
      SLACK_CLIENT_ID: '',
      SLACK_CLIENT_SECRET: '',
      SLACK_SIGNING_SECRET: '',
      SANDBOX_PORT: '0',
      DATA_DIR: dataDir,
      PUBLIC_URL: 'http://127.0.0.1:45555',
      RETURN_URL_ORIGINS: '',
    });
  });
  afterAll(async () => {
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("allows its own origins (the app's public URL, the fake Slack) and nothing else", async () => {
    expect(sandbox.app.config.mode).toBe('sandbox');
    const sandboxUrl = String(sandbox.logs.find((l) => l.msg === 'sandbox mode')?.sandboxUrl);
    for (const url of ['http://127.0.0.1:45555/back', `${sandboxUrl}/_sandbox/ui`]) {
      expect((await sandbox.call('POST', `${T}/slack/connect`, { return_url: url })).status).toBe(200);
    }
    const evil = await sandbox.call('POST', `${T}/slack/connect`, { return_url: 'https://evil.example/' });
    expect(evil.status).toBe(400);
  });
});
