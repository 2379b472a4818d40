import { type DemoContext, PEOPLE, RETURN_URL } from '../context';
import { check, type Step, short, waitFor, wrap } from '../runner';

/** Start, the two fake workspaces, and Connect: a plain one and one that needs admin approval. */
export function setupSteps(ctx: DemoContext): Step[] {
  const { app, api, slack, clientId, acmeTenant, globexTenant, ids, acme, dmText, connectInBrowser } = ctx;
  return [
    {
      title: 'start the app in sandbox mode',
      essential: true,
      async run() {
        const health = await fetch(`${app.slackUrl}/healthz`);
        check(health.ok, `GET /healthz answered ${health.status}`);
        const openapi = await fetch(`${app.internalUrl}/internal/v1/openapi.json`);
        check(openapi.ok, `GET /internal/v1/openapi.json answered ${openapi.status}`);
        const paths = Object.keys(((await openapi.json()) as { paths: object }).paths).length;
        return {
          summary: `ready in ${(app.startedInMs / 1000).toFixed(1)} s, pid ${app.pid}`,
          details: [
            `Slack-facing ${app.slackUrl}, internal API ${app.internalUrl} (${paths} paths), fake Slack ${app.sandboxUrl}`,
            `DATA_DIR ${app.dataDir}`,
          ],
        };
      },
    },
    {
      title: 'create two workspaces in the fake Slack',
      essential: true,
      async run() {
        const a = await slack.control('POST', '/workspaces', {
          name: 'Acme',
          domain: 'acme',
          members: 25,
          seed: 7,
        });
        ids.acme = a.id;
        for (const [key, p] of Object.entries(PEOPLE)) {
          const member = await slack.control('POST', `/workspaces/${ids.acme}/members`, {
            name: p.first.toLowerCase(),
            firstName: p.first,
            lastName: p.last,
            realName: `${p.first} ${p.last}`,
            displayName: p.first,
            email: p.slackEmail,
          });
          ids[key as keyof typeof PEOPLE] = member.id;
        }
        const g = await slack.control('POST', '/workspaces', {
          name: 'Globex',
          domain: 'globex',
          members: 12,
          seed: 9,
          approvalRequired: true,
        });
        ids.globex = g.id;
        return {
          summary: `Acme ${ids.acme}, Globex ${ids.globex}`,
          details: [
            `Acme: ${a.members + 3} members incl. Ada ${ids.ada}, Grace ${ids.grace}, Alan ${ids.alan} (plus bots, guests, deactivated …)`,
            `Globex: ${g.members} members, apps need admin approval`,
          ],
        };
      },
    },
    {
      title: 'connect workspace "Acme"',
      essential: true,
      async run() {
        await slack.control('POST', `/workspaces/${ids.acme}/default`);
        const visit = await connectInBrowser(acmeTenant);
        check(
          visit.location === `${RETURN_URL(acmeTenant)}?slack=connected`,
          `the browser should end at return_url?slack=connected, ended at ${visit.location ?? visit.url} (${visit.status})`,
          [short(visit.body, 300)],
        );
        const status = (await acme('GET', '/slack')).body;
        check(
          status.connected === true && status.team?.id === ids.acme,
          'GET /slack should say connected to Acme',
          [short(JSON.stringify(status), 300)],
        );
        check(status.scopes.missing.length === 0, `missing scopes: ${status.scopes.missing.join(', ')}`);
        const installer = status.installed_by as string;
        const welcome = await waitFor(
          'the welcome DM to the installer',
          () => dmText(installer),
          (text) => text.length > 0,
        );
        const granted = status.scopes.granted as string[];
        return {
          summary: `tenant ${acmeTenant} → team ${status.team.id}, ${granted.length} scopes granted, none missing`,
          details: [
            `scopes: ${granted.join(', ')}`,
            `browser: /slack/install → fake Slack authorize → /slack/oauth_redirect → ${visit.location}`,
            `installer ${installer} got one welcome DM: "${short(welcome, 70)}"`,
          ],
        };
      },
    },
    {
      title: 'connect workspace "Globex" (admin approval)',
      async run() {
        const globex = (method: string, path: string) => api.tenant(globexTenant, method, path);
        await slack.control('POST', `/workspaces/${ids.globex}/default`);
        const first = await connectInBrowser(globexTenant);
        check(
          first.status === 200 && !first.location && first.body.includes('sent to your admins'),
          `the first Connect should stop at Slack's "request sent" page, got ${first.status} ${first.location ?? first.url}`,
        );
        const pending = (await globex('GET', '/slack')).body;
        check(
          pending.connected === false && pending.pending_connect?.started_at,
          'GET /slack should say not connected, Connect pending',
          [short(JSON.stringify(pending), 300)],
        );
        const requests = await slack.control<unknown[]>('GET', `/approvals?team=${ids.globex}`);
        check(requests.length === 1, `Slack should hold 1 approval request, has ${requests.length}`);
        await slack.control('POST', '/approvals', { teamId: ids.globex, clientId });
        const second = await connectInBrowser(globexTenant);
        check(
          second.location === `${RETURN_URL(globexTenant)}?slack=connected`,
          `the second Connect should end at return_url?slack=connected, ended at ${second.location ?? second.url}`,
        );
        const done = (await globex('GET', '/slack')).body;
        check(
          done.connected === true && done.team?.id === ids.globex && done.pending_connect === null,
          'GET /slack should say connected, nothing pending',
          [short(JSON.stringify(done), 300)],
        );
        return {
          summary: `pending → approved → connected to ${done.team.id}`,
          details: [
            `1st Connect: Slack says the request went to the admins; GET /slack: connected:false, pending_connect since ${pending.pending_connect.started_at}`,
            ...wrap(`message: "${pending.message}"`, 110),
            `a Slack admin approves (fake Slack control API), Connect again: ${second.location}`,
          ],
        };
      },
    },
  ];
}
