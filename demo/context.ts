import type { DemoApp } from './app-process';
import { Browser, FakeSlack, InternalApi, type Visit } from './clients';
import { check, short, waitFor } from './runner';

/** Where PlusPlus's Connect button sends the admin back to (outside the app and the fake Slack). */
export const RETURN_URL = (tenant: string) => `https://${tenant}.plusplus.example/admin/integrations/slack`;

/** The PlusPlus users the backend pushes; their Slack accounts are made in the fake Slack first. */
export const PEOPLE = {
  ada: { first: 'Ada', last: 'Lovelace', slackEmail: 'ada@acme.example' },
  grace: { first: 'Grace', last: 'Hopper', slackEmail: 'grace@acme.example' },
  alan: { first: 'Alan', last: 'Turing', slackEmail: 'alan@acme.example' },
} as const;

export const PLUSPLUS_ATTRIBUTE = 'metadata.slack_email || email';
export const SLACK_ATTRIBUTE = 'profile.email';

export interface Delivery {
  user_id: string;
  status: string;
  reason?: string;
  slack_user_id?: string;
  channel?: string;
  ts?: string;
}
export interface NotificationStatus {
  notification_id: string;
  done: boolean;
  deliveries: Delivery[];
}
export interface StoredMessage {
  channel: string;
  text: string;
  ts: string;
}

export interface ContextOptions {
  /** Tenant ids get this suffix (a shared database from DATABASE_URL keeps earlier runs' tenants). */
  tenantSuffix?: string;
}

/** What the steps share: the clients, the ids the fake Slack handed out, and a few helpers. */
export type DemoContext = ReturnType<typeof createContext>;

export function createContext(app: DemoApp, o: ContextOptions = {}) {
  const api = new InternalApi(app.internalUrl, app.secrets.plusplusSigningSecret);
  const slack = new FakeSlack(app.sandboxUrl);
  const clientId = app.secrets.slackClientId;
  const acmeTenant = `acme${o.tenantSuffix ?? ''}`;
  const globexTenant = `globex${o.tenantSuffix ?? ''}`;
  /** Filled in by the steps that create them. */
  const ids = { acme: '', globex: '', ada: '', grace: '', alan: '' };
  let notificationCount = 0;

  const acme = (method: string, path: string, body?: unknown) => api.tenant(acmeTenant, method, path, body);

  /** The app's install in Acme as the fake Slack sees it (no tokens in this view). */
  const acmeInstall = async () => {
    const state = await slack.control<{
      installs: Array<{ teamId: string; botUserId: string; appId: string }>;
    }>('GET', '/state');
    const install = state.installs.find((i) => i.teamId === ids.acme);
    check(install, 'the fake Slack has no install of the app in Acme');
    return install;
  };

  const dmText = async (slackUserId: string): Promise<string> => {
    const messages = await slack.control<StoredMessage[]>(
      'GET',
      `/messages?team=${ids.acme}&user=${slackUserId}&ephemeral=false`,
    );
    return messages.at(-1)?.text ?? '';
  };

  /** POST /notifications, then GET /notifications/{id} until no delivery is queued or sending. */
  const notify = async (type: string, recipients: string[], title: string) => {
    notificationCount += 1;
    const request = {
      idempotency_key: `demo-${type}-${notificationCount}`,
      type,
      recipient_user_ids: recipients,
      content: {
        id: `content-${notificationCount}`,
        title,
        url: `https://${acmeTenant}.plusplus.example/content/${notificationCount}`,
        starts_at: '2026-12-01T15:00:00Z',
      },
    };
    const accepted = await acme('POST', '/notifications', request);
    check(accepted.status === 202, `POST /notifications answered ${accepted.status}`, [
      short(JSON.stringify(accepted.body), 300),
    ]);
    const id = accepted.body.notification_id as string;
    const status = await waitFor(
      `notification ${id} to finish`,
      async () => (await acme('GET', `/notifications/${id}`)).body as NotificationStatus,
      (s) => s.done === true,
    );
    return { request, accepted: accepted.body as NotificationStatus, status };
  };

  const describe = (deliveries: Delivery[]) =>
    deliveries
      .map(
        (d) =>
          `${d.user_id} ${d.status}${d.reason ? ` ${d.reason}` : ''}${d.ts ? ` (${d.channel} ${d.ts})` : ''}`,
      )
      .join(', ');

  const expectDeliveries = (deliveries: Delivery[], expected: Record<string, string>) => {
    const got = Object.fromEntries(
      deliveries.map((d) => [d.user_id, `${d.status}${d.reason ? ` ${d.reason}` : ''}`]),
    );
    for (const [user, want] of Object.entries(expected)) {
      check(got[user] === want, `${user}: expected "${want}", got "${got[user] ?? 'nothing'}"`, [
        describe(deliveries),
      ]);
    }
  };

  /** Connect as an admin does it: ask for a link, open it in a browser, come back to PlusPlus. */
  const connectInBrowser = async (tenant: string): Promise<Visit> => {
    const link = await api.tenant(tenant, 'POST', '/slack/connect', { return_url: RETURN_URL(tenant) });
    check(link.status === 200, `POST /slack/connect answered ${link.status}`);
    return new Browser().visit(link.body.authorize_url as string);
  };

  return {
    app,
    api,
    slack,
    clientId,
    acmeTenant,
    globexTenant,
    ids,
    acme,
    acmeInstall,
    dmText,
    notify,
    describe,
    expectDeliveries,
    connectInBrowser,
  };
}
