/**
 * The sandbox as the delivery benchmarks use it, in this process or in a process of its own
 * (bench/sandbox-process.ts, driven through its control API): with Slack in another process, the
 * bench process holds only the code under test, as in production, where Slack is elsewhere; its
 * CPU is the app's, not the fake Slack's.
 */
import type { Sandbox } from '../src/sandbox';
import type { CallRecord } from '../src/sandbox/calls';
import type { FaultSpec } from '../src/sandbox/faults';
import type { RateLimit } from '../src/sandbox/rate-limits';
import { startNodeServer } from './support';

/** A member as `users.list` shows it (the fields the benches read). */
export interface MemberJson {
  id: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_app_user?: boolean;
  is_invited_user?: boolean;
  /** Slack's time zone of the member (the send-window bench). */
  tz?: string;
  profile?: { email?: string };
}

export interface BenchSlack {
  apiUrl: string;
  authorizeUrl: string;
  createApp(o: {
    clientId: string;
    clientSecret: string;
    redirectUris: string[];
  }): Promise<{ appId: string }>;
  createWorkspace(o: {
    members: number;
    seed: number;
  }): Promise<{ id: string; name: string; members: MemberJson[] }>;
  installApp(
    teamId: string,
    clientId: string,
    scopes: string[],
  ): Promise<{ accessToken: string; botUserId: string; scopes: string[] }>;
  calls(filter: { method?: string; teamId?: string; since?: number }): Promise<CallRecord[]>;
  injectFault(spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  setRateLimits(limits: Record<string, RateLimit>): Promise<void>;
  stop(): Promise<void>;
}

/** The sandbox in this process. */
export function localSlack(sb: Sandbox): BenchSlack {
  return {
    apiUrl: sb.apiUrl,
    authorizeUrl: sb.authorizeUrl,
    createApp: async (o) => sb.createApp(o),
    async createWorkspace(o) {
      const ws = sb.createWorkspace(o);
      return {
        id: ws.id,
        name: ws.name,
        members: ws.members.map((m) => sb.memberJson(ws.id, m.id) as never),
      };
    },
    installApp: async (teamId, clientId, scopes) => sb.installApp(teamId, clientId, scopes),
    calls: async (f) => sb.calls(f),
    injectFault: async (spec) => sb.injectFault(spec),
    clearFaults: async () => sb.clearFaults(),
    setRateLimits: async (limits) => sb.setRateLimits(limits),
    stop: () => sb.stop(),
  };
}

/** The sandbox in a process of its own, at real time. */
export async function remoteSlack(): Promise<BenchSlack> {
  const server = await startNodeServer(`${__dirname}/sandbox-process.js`, ['1']);
  const ready = server.ready as { url: string; apiUrl: string; authorizeUrl: string };
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${ready.url}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    apiUrl: ready.apiUrl,
    authorizeUrl: ready.authorizeUrl,
    createApp: (o) => control('POST', '/apps', o),
    async createWorkspace(o) {
      const ws = await control<{ id: string; name: string }>('POST', '/workspaces', o);
      return { ...ws, members: await control<MemberJson[]>('GET', `/workspaces/${ws.id}/members`) };
    },
    installApp: (teamId, clientId, scopes) => control('POST', '/installs', { teamId, clientId, scopes }),
    calls(f) {
      const q = new URLSearchParams();
      if (f.method) q.set('method', f.method);
      if (f.teamId) q.set('team', f.teamId);
      if (f.since !== undefined) q.set('since', String(f.since));
      return control('GET', `/calls?${q}`);
    },
    injectFault: (spec) => control('POST', '/faults', spec),
    clearFaults: () => control('DELETE', '/faults'),
    setRateLimits: (limits) => control('PUT', '/rate-limits', limits),
    stop: () => server.stop(),
  };
}
