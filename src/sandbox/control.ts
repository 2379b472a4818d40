/**
 * The control API under `/_sandbox/…`: the in-process Sandbox API over JSON, for other processes
 * (the app under `npm start`, acceptance checks). Bodies use the same camelCase option names as
 * the TypeScript API; see docs/sandbox.md for the route list.
 */
import { SandboxUsageError } from './errors';
import type { Sandbox } from './sandbox-api';
import type { ControlHandler } from './server';

type Body = Record<string, unknown>;

function need<T>(body: Body, key: string): T {
  const v = body[key];
  if (v === undefined || v === null || v === '') throw new SandboxUsageError(`${key} is required`);
  return v as T;
}

function q(query: URLSearchParams, key: string): string {
  const v = query.get(key);
  if (!v) throw new SandboxUsageError(`query parameter ${key} is required`);
  return v;
}

export function createControlHandler(sb: Sandbox): ControlHandler {
  return (method, path, query, rawBody) => {
    const body = (rawBody ?? {}) as Body;
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /health':
        return { ok: true };
      case 'GET /state':
        return {
          defaultTeamId: sb.state.defaultTeamId,
          workspaces: [...sb.state.workspaces.values()].map((w) => ({
            id: w.id,
            name: w.name,
            domain: w.domain,
            members: w.members.length,
            policies: { ...w.policies, withholdScopes: [...w.policies.withholdScopes] },
            approvedApps: [...w.approvedApps],
          })),
          apps: [...sb.state.apps.values()].map(({ clientSecret: _s, signingSecret: _g, ...rest }) => rest),
          installs: [...sb.state.installs.values()].map((i) => ({
            ...i,
            scopes: [...i.scopes],
            botToken: undefined,
            refreshToken: undefined,
          })),
        };
      case 'POST /workspaces': {
        const w = sb.createWorkspace(body);
        return { id: w.id, name: w.name, domain: w.domain, members: w.members.length };
      }
      case 'POST /apps':
        return sb.createApp(body as never);
      case 'POST /installs':
        return sb.installApp(
          need(body, 'teamId'),
          need(body, 'clientId'),
          need(body, 'scopes'),
          body.installerUserId as string | undefined,
        );
      case 'POST /approvals':
        sb.approveApp(need(body, 'teamId'), need(body, 'clientId'));
        return undefined;
      case 'GET /approvals':
        return sb.approvalRequests(q(query, 'team'));
      case 'POST /tokens/revoke':
        sb.revokeToken(need(body, 'token'));
        return undefined;
      case 'POST /app-tokens':
        return { token: sb.issueAppToken(need(body, 'clientId')) };
      case 'GET /sockets': {
        const appId = sb.state.app(q(query, 'clientId')).appId;
        return { connections: sb.socketMode.connectionsOf(appId) };
      }
      case 'POST /sockets/disconnect': {
        const reason = need<string>(body, 'reason');
        if (!['warning', 'refresh_requested', 'link_disabled'].includes(reason)) {
          throw new SandboxUsageError('reason is warning, refresh_requested or link_disabled');
        }
        return { told: sb.disconnectSockets(need(body, 'clientId'), reason as never) };
      }
      case 'POST /sockets/drop':
        return { dropped: sb.dropSockets(need(body, 'clientId')) };
      case 'POST /uninstall':
        sb.uninstallApp(need(body, 'teamId'), need(body, 'clientId'));
        return undefined;
      case 'POST /bots/deactivate':
        sb.deactivateBot(need(body, 'teamId'), need(body, 'clientId'), body.deactivated !== false);
        return undefined;
      case 'POST /messages-tab':
        sb.setMessagesTab(need(body, 'teamId'), need(body, 'clientId'), body.enabled !== false);
        return undefined;
      case 'GET /messages':
        return sb.messages({
          teamId: query.get('team') ?? undefined,
          channel: query.get('channel') ?? undefined,
          user: query.get('user') ?? undefined,
          ephemeral: query.get('ephemeral') !== 'false',
        });
      case 'GET /channels':
        return sb.channels(q(query, 'team'));
      case 'GET /views/home':
        return { view: sb.homeView(q(query, 'team'), q(query, 'user')) };
      case 'GET /views/modals':
        return { views: sb.modals(q(query, 'team'), q(query, 'user')) };
      case 'POST /triggers': {
        const o = {
          teamId: need<string>(body, 'teamId'),
          userId: need<string>(body, 'userId'),
          clientId: body.clientId as string | undefined,
        };
        if (typeof body.triggerId === 'string') {
          sb.registerTriggerId(body.triggerId, o);
          return { triggerId: body.triggerId };
        }
        return { triggerId: sb.issueTriggerId(o) };
      }
      case 'POST /modals/close':
        sb.closeModals(need(body, 'teamId'), need(body, 'userId'), need(body, 'clientId'), {
          top: body.top === true,
        });
        return undefined;
      case 'GET /calls':
        return sb.calls({
          method: query.get('method') ?? undefined,
          teamId: query.get('team') ?? undefined,
          since: query.get('since') ? Number(query.get('since')) : undefined,
        });
      case 'GET /counters':
        return sb.counters();
      case 'DELETE /counters':
        sb.resetCounters();
        return undefined;
      case 'POST /faults':
        sb.injectFault(body as never);
        return undefined;
      case 'GET /faults':
        return sb.state.faults.pending();
      case 'DELETE /faults':
        sb.clearFaults();
        return undefined;
      case 'PUT /rate-limits':
        sb.setRateLimits(body as never);
        return undefined;
    }
    const [, team, sub, user] =
      path.match(/^\/workspaces\/([^/]+)(?:\/(default|members)(?:\/([^/]+))?)?$/) ?? [];
    if (team && !sub && method === 'PATCH') {
      sb.setWorkspacePolicy(team, body);
      return undefined;
    }
    if (team && sub === 'default' && !user && method === 'POST') {
      sb.setDefaultWorkspace(team);
      return undefined;
    }
    if (team && sub === 'members' && !user && method === 'GET') {
      // Every member as users.list shows it to an app with users:read.email (benchmarks and tools
      // that drive a sandbox in another process need the people, as the TypeScript API gives them).
      return sb.workspace(team).members.map((m) => sb.memberJson(team, m.id));
    }
    if (team && sub === 'members' && !user && method === 'POST') {
      const added = sb.addMember(team, body);
      return sb.memberJson(team, added.id);
    }
    if (team && sub === 'members' && user && method === 'GET') return sb.memberJson(team, user);
    if (team && sub === 'members' && user && method === 'PATCH') {
      sb.updateMember(team, user, body);
      return sb.memberJson(team, user);
    }
    throw new SandboxUsageError(`no control route ${route}`, 404);
  };
}
