import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CodedError,
  type Installation,
  type InstallationStore,
  InstallProvider,
  type StateStore,
} from '@slack/oauth';
import type { Logger as SlackLogger } from '@slack/web-api';
import { connectedPage, connectFailedPage, connectStartsInPlusPlusPage } from '../../views/oauth-pages';
import type { ConnectLinks } from '../app/connect/connect-links';
import type { ConnectOutcome, OAuthCallback } from '../app/connect/oauth-callback';

/** The cookie that binds Slack's answer to the browser that started the Connect. */
export const STATE_COOKIE = 'slack-app-oauth-state';

export interface OAuthRoutesOptions {
  clientId: string;
  clientSecret: string;
  /** Slack's authorize page: the configured one, or the sandbox's. */
  authorizeUrl: string;
  slackApiUrl: string;
  /** Our PostgreSQL stores (src/persistence/repositories): states, and where an install is kept. */
  states: StateStore;
  installations: InstallationStore;
  slackLogger: SlackLogger;
  links: Pick<ConnectLinks, 'start'>;
  callback: Pick<OAuthCallback, 'begin'>;
}

/**
 * The browser's side of Connect on the Slack-facing server: `GET /slack/install` and
 * `GET /slack/oauth_redirect`. @slack/oauth's InstallProvider does the OAuth protocol (state cookie,
 * redirect to Slack, code exchange, storing the installation); src/app/connect decides, and this
 * answers: a redirect back to PlusPlus, or one of the pages of views/oauth-pages.ts.
 */
export class OAuthRoutes {
  private readonly installer: InstallProvider;

  constructor(private readonly o: OAuthRoutesOptions) {
    this.installer = new InstallProvider({
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      stateStore: o.states,
      installationStore: o.installations,
      authorizationUrl: o.authorizeUrl,
      // Straight to Slack: the Connect button in PlusPlus is the landing page.
      directInstall: true,
      stateCookieName: STATE_COOKIE,
      logger: o.slackLogger,
      clientOptions: { slackApiUrl: o.slackApiUrl, retryConfig: { retries: 0 } },
    });
  }

  /** GET /slack/install?ticket=… */
  readonly install = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const start = await this.o.links.start(new URL(req.url ?? '/', 'http://x').searchParams.get('ticket'));
    if (start.kind === 'no_ticket') return html(res, 400, connectStartsInPlusPlusPage());
    if (start.kind === 'refused')
      return answer(res, { ok: false, reason: start.reason, returnUrl: start.returnUrl });
    await this.installer.handleInstallPath(req, res, undefined, start.options);
  };

  /** GET /slack/oauth_redirect */
  readonly callback = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const state = new URL(req.url ?? '/', 'http://x').searchParams.get('state') ?? '';
    const attempt = await this.o.callback.begin(state);
    await this.installer.handleCallback(req, res, {
      successAsync: async (installation: Installation) => answer(res, await attempt.connected(installation)),
      failureAsync: async (error: CodedError) =>
        answer(res, await attempt.failed(error, cookieValue(req, STATE_COOKIE))),
    });
  };
}

/** Back to PlusPlus when it gave a return URL, else our own page. */
function answer(res: ServerResponse, outcome: ConnectOutcome): void {
  const back: Record<string, string> = outcome.ok
    ? { slack: 'connected' }
    : { slack: 'error', reason: outcome.reason };
  if (outcome.returnUrl) redirect(res, withQuery(outcome.returnUrl, back));
  else if (outcome.ok) html(res, 200, connectedPage(outcome.teamName));
  else html(res, 400, connectFailedPage(outcome.reason));
}

function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

function redirect(res: ServerResponse, location: string): void {
  res.statusCode = 302;
  res.setHeader('Location', location);
  res.end();
}

function html(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
