/**
 * Slash-command ack latency (issue 10): how long Slack waits for the app's `200` to a `/plusplus`
 * command while 200 commands are in flight at once. Loopback only, bounded in time.
 *
 *   npm run build && node dist/bench/ack-latency.js [--connections N] [--seconds S] [--members N]
 *
 * - The app runs as in production: the built `dist/src/main.js` in a process of its own (with
 *   production's V8 flags, src/platform/node-flags.ts, which the baselines get too), with Slack
 *   credentials (Slack mode), `LOG_LEVEL=info`, `NODE_ENV=production`, its delivery and track
 *   workers polling; Slack's Web API is the sandbox, the database PostgreSQL (DATABASE_URL, a schema
 *   of its own, or an embedded one). The workspace is connected as a finished Connect leaves it
 *   (installation stored, encrypted with the app's key, the directory synced with the members'
 *   locales), its people are PlusPlus users linked to their Slack members.
 * - The load comes from bench/slack-command-load.ts (autocannon) in another process: N connections
 *   (default 200) each sending the next command as soon as the previous one is acked, every one
 *   signed with Slack's v0 scheme at the time it is sent, from the workspace's linked members in
 *   turn, each with its own response_url (served here: the app's real answer goes there after the
 *   ack, and every one is counted).
 * - Baselines in the same run, same load, same machine, same V8 flags: a bare node:http server, and
 *   a bare Bolt app (same receiver settings, static authorize, a `/plusplus` that only acks, or
 *   answers `help` with the app's help text in the ack): the ratio to bare Bolt is what our app
 *   costs on top of Bolt itself. Goal (issue 15): p99 at most 1.1x bare Bolt's for `help` and
 *   `status`.
 * - Rounds (`--rounds N`, default 5): bare Bolt and the app run side by side, and their saturated
 *   scenarios alternate (Bolt's first, then the app's first, …), because the machine's speed
 *   drifts within a run; each round's ratio is printed and the goal is read on their median. The
 *   server not under load is stopped (SIGSTOP) meanwhile, so the app's idle pollers take nothing
 *   from bare Bolt's rounds (`otherServerCpuMsPerSecond` checks it).
 * - Besides latency, the server's CPU time per command (from /proc): under saturation p99 follows
 *   it, and unlike latency it barely moves when something else runs on the machine.
 * - Scenarios: `status` (acked empty at once, then the installation, the user and a response_url
 *   POST), `help` (answered in the ack body), and bare Bolt and `status` paced at one command a
 *   second per connection: autocannon's per-connection timers start together, so the 200 commands
 *   arrive as a burst once a second (a burst of 200 Slack users, without a standing queue).
 *
 * - `--calibrate`: the app's scenarios run against a second bare Bolt process instead of the app,
 *   so the ratios printed are bare Bolt's against itself: how far apart two identical servers
 *   land on this machine, the resolution the goal's ratio can be read at.
 *
 * Prints a table and one JSON line.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Installation } from '@slack/oauth';
import type { SlackMember } from '../src/domain/matching/slack-members';
import { createDataSource, migrate } from '../src/persistence/data-source';
import { PostgresInstallationStore } from '../src/persistence/repositories/postgres-installation-store';
import { PostgresSlackDirectory } from '../src/persistence/repositories/postgres-slack-directory';
import { UsersRepository } from '../src/persistence/repositories/users-repository';
import { PRODUCTION_NODE_FLAGS } from '../src/platform/node-flags';
import { TokenCipher } from '../src/platform/token-cipher';
import { startSandbox } from '../src/sandbox';
import { renderMember } from '../src/sandbox/members';
import { REQUIRED_BOT_SCOPES } from '../src/slack/scopes';
import type { LoadOptions, LoadResult } from './slack-command-load';
import {
  benchDatabase,
  type NodeServer,
  peakRssLog,
  readPeakRss,
  runNodeJson,
  sleep,
  startNodeServer,
} from './support';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CONNECTIONS = arg('connections', 200);
const SECONDS = arg('seconds', 5);
const WARMUP_SECONDS = arg('warmup', 1);
const MEMBERS = arg('members', 1000);
/** Rounds of the saturated scenarios, bare Bolt and the app in alternating order. */
const ROUNDS = Math.max(1, arg('rounds', 5));
/** `--only app,bolt`: run only the scenarios on these servers (profiling). */
const ONLY = (() => {
  const i = process.argv.indexOf('--only');
  return i > 0 ? new Set(process.argv[i + 1]!.split(',')) : null;
})();
/**
 * `--scenarios help,bursts`: run only the scenarios whose name contains one of these (profiling);
 * `=name` matches that name exactly (`=app /plusplus status` leaves out its bursts).
 */
const SCENARIO_FILTER = (() => {
  const i = process.argv.indexOf('--scenarios');
  return i > 0 ? process.argv[i + 1]!.split(',') : null;
})();
/**
 * `--calibrate`: "the app" is a second bare Bolt process, so every ratio is bare Bolt against
 * itself: what a perfect app would score on this machine, i.e. the noise of the figures.
 */
const CALIBRATE = process.argv.includes('--calibrate');
/**
 * `--app-role all|web|web-alone`: `all` (default) runs the app as one process, workers included,
 * as `npm start` does; `web` runs it as docs/deploy.md's production topology: a `ROLE=web` process
 * under the load and a `ROLE=worker` process beside it on the same database and the same two
 * cores, stopped and resumed with it; `web-alone` the `ROLE=web` process with no worker anywhere.
 */
const APP_ROLES = {
  all: 'as one ROLE=all process',
  web: 'as ROLE=web + a ROLE=worker process',
  'web-alone': 'as ROLE=web alone (no worker)',
} as const;
const APP_ROLE = (() => {
  const i = process.argv.indexOf('--app-role');
  const role = i > 0 ? process.argv[i + 1]! : 'all';
  if (!Object.hasOwn(APP_ROLES, role)) throw new Error('--app-role: all, web or web-alone');
  return role as keyof typeof APP_ROLES;
})();
/** Issue 15 item 6: the app's ack p99 at most this many times bare Bolt's, same run, same load. */
const GOAL_RATIO_P99 = 1.1;
const SIGNING_SECRET = 'bench-slack-signing-secret-0123456789';
const TENANT = 'bench-ack';
const APP_SCRIPT = join(__dirname, '../src/main.js');

type ServerKind = 'http' | 'bolt' | 'bolt-http' | 'app';
/** The servers alternated over the rounds (bare node:http runs once, alone). */
const ALTERNATED: ServerKind[] = ['bolt', 'bolt-http', 'app'];
/** Bolt's default receiver (HTTPReceiver), the second bare-Bolt baseline (decision 34). */
const BOLT_HTTP_RECEIVER = "bare Bolt's HTTPReceiver, ack()";
interface Scenario {
  name: string;
  server: ServerKind;
  /** `busy`: only bare Bolt, which acks it with the app's "busy" text. */
  text: 'status' | 'help' | 'busy';
  expect: LoadOptions['expect'];
  /** Commands per second across all connections; 0: as fast as acks come back. */
  rate: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'bare node:http', server: 'http', text: 'status', expect: 'any', rate: 0 },
  { name: 'bare Bolt, ack()', server: 'bolt', text: 'status', expect: 'empty', rate: 0 },
  { name: BOLT_HTTP_RECEIVER, server: 'bolt-http', text: 'status', expect: 'empty', rate: 0 },
  {
    name: 'bare Bolt, ack(help text)',
    server: 'bolt',
    text: 'help',
    expect: 'ephemeral',
    rate: 0,
  },
  {
    name: 'bare Bolt, ack(busy text)',
    server: 'bolt',
    text: 'busy',
    expect: 'ephemeral',
    rate: 0,
  },
  { name: 'app /plusplus status', server: 'app', text: 'status', expect: 'empty', rate: 0 },
  { name: 'app /plusplus help', server: 'app', text: 'help', expect: 'ephemeral', rate: 0 },
  {
    name: `bare Bolt, bursts of ${CONNECTIONS}/s`,
    server: 'bolt',
    text: 'status',
    expect: 'empty',
    rate: CONNECTIONS,
  },
  {
    name: `app /plusplus status, bursts of ${CONNECTIONS}/s`,
    server: 'app',
    text: 'status',
    expect: 'empty',
    rate: CONNECTIONS,
  },
];

interface ScenarioResult extends LoadResult {
  name: string;
  server: ServerKind;
  text: string;
  rate: number;
  /** Which round of the alternating schedule (1 for the paced and bare node:http scenarios). */
  round: number;
  /** CPU the other server (stopped beside it) spent meanwhile, ms per second of the load. */
  otherServerCpuMsPerSecond?: number | null;
  /**
   * status runs, warm-up included: answers that reached response_url, commands acked (those acked
   * empty are the least that must be answered) and sent (the most: autocannon stops with commands
   * in flight).
   */
  answered?: number;
  acked?: number;
  /** Of those, acked with the "busy" text (no answer follows, by design). */
  ackedBusy?: number;
  sentTotal?: number;
  /** Time from the end of the load until the last answer reached response_url, ms. */
  answersDrainedMs?: number;
  /** The server process's CPU time (user + system) per command sent, µs: warm-up and drain included. */
  cpuUsPerCommand?: number | null;
  /** `--app-role web`: the worker process's CPU beside the web process under load, ms a second. */
  workerCpuMsPerSecond?: number | null;
  /** Log lines the app wrote during the run (warm-up included): all, warn, error and worse. */
  appLogLines?: number;
  appWarnLines?: number;
  appErrorLines?: number;
}

/**
 * A process's CPU time so far (user + system, ms) from /proc (Linux), or null. Per command it is
 * the cost the server pays for each ack, which contention on a shared machine barely moves, where
 * latency under saturation moves with everything else that runs.
 */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), 12 and 13 after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
/** sysconf(_SC_CLK_TCK): 100 on every Linux Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Stands in for Slack's response_url endpoint: counts what the app posts after its acks. */
async function responseSink() {
  let received = 0;
  let ephemeral = 0;
  let lastAt = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received++;
      lastAt = Date.now();
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { response_type?: string };
        if (body.response_type === 'ephemeral') ephemeral++;
      } catch {
        // counted as received, not as a proper answer
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/response/`,
    counts: () => ({ received, ephemeral, lastAt }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The environment a production process gets: ours, without anything the bench's shell set. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(SLACK_|PLUSPLUS_|TOKEN_|DATABASE_URL|PORT|INTERNAL_|SANDBOX_|DATA_DIR|DELIVERY_|LOG_)/.test(key)) {
      delete env[key];
    }
  }
  return { ...env, NODE_ENV: 'production', ...extra };
}

async function main(): Promise<void> {
  const started = performance.now();
  const rss = peakRssLog();
  const rssLog = rss.file;
  const db = await benchDatabase('ack');
  const sb = await startSandbox();
  const sink = await responseSink();
  const servers: NodeServer[] = [];
  let dataDir: string | undefined;
  try {
    // The connected workspace, as a finished Connect leaves it.
    const sbApp = sb.createApp({ redirectUris: ['http://127.0.0.1/slack/oauth_redirect'] });
    const ws = sb.createWorkspace({ name: 'Ack bench', members: MEMBERS, seed: 10 });
    const installer = ws.members[1]!;
    const issued = sb.installApp(ws.id, sbApp.clientId, [...REQUIRED_BOT_SCOPES], installer.id);
    const key = randomBytes(32);
    const ds = createDataSource({ url: db.url, poolSize: 4 });
    await ds.initialize();
    await migrate(ds);
    await new PostgresInstallationStore(ds, new TokenCipher(key)).storeInstallation({
      team: { id: ws.id, name: ws.name },
      enterprise: undefined,
      user: { id: installer.id, token: undefined, scopes: undefined },
      bot: { id: 'B0BOT', userId: issued.botUserId, token: issued.accessToken, scopes: issued.scopes },
      appId: sb.state.app(sbApp.clientId).appId,
      tokenType: 'bot',
      isEnterpriseInstall: false,
      authVersion: 'v2',
      metadata: JSON.stringify({ tenantId: TENANT, ticketId: '00000000-0000-0000-0000-000000000000' }),
    } as Installation<'v2', false>);
    const people = ws.members.filter(
      (m) => !m.deleted && !m.isBot && !m.isAppUser && !m.isInvitedUser && m.email && m.id !== 'USLACKBOT',
    );
    const users = new UsersRepository(ds);
    await users.upsertMany(
      TENANT,
      people.map((p, i) => ({ id: `u${i}`, email: p.email!, name: `Person ${i}` })),
    );
    await users.applyLinks(
      TENANT,
      people.map((p, i) => ({ userId: `u${i}`, slackUserId: p.id, displayName: null })),
    );
    // The directory as Connect's first sync leaves it (users.list with include_locale): the
    // members' language and zone are read from it, as in production.
    await new PostgresSlackDirectory(ds).upsertMembers(
      ws.id,
      ws.members.map((m) => renderMember(m, { includeEmail: true, includeLocale: true }) as SlackMember),
    );
    await ds.destroy();
    const userIds = people.map((p) => p.id);

    // Only sandbox mode keeps files in DATA_DIR; Slack mode with DATABASE_URL writes nothing there.
    dataDir = mkdtempSync(join(tmpdir(), 'pps-bench-ack-data-'));
    const appEnv = cleanEnv({
      PEAK_RSS_LOG: rssLog,
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: '0',
      INTERNAL_PORT: '0',
      INTERNAL_HOST: '127.0.0.1',
      SLACK_CLIENT_ID: sbApp.clientId,
      SLACK_CLIENT_SECRET: sbApp.clientSecret,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: sb.apiUrl,
      SLACK_AUTHORIZE_URL: sb.authorizeUrl,
      PLUSPLUS_SIGNING_SECRET: 'bench-plusplus-signing-secret-0123',
      TOKEN_ENCRYPTION_KEY: key.toString('base64'),
      LOG_LEVEL: 'info',
      ROLE: APP_ROLE === 'all' ? 'all' : 'web',
    });
    const baselineEnv = cleanEnv({ PEAK_RSS_LOG: rssLog });

    const start = async (
      kind: ServerKind,
    ): Promise<{ server: NodeServer; port: number; companion?: NodeServer }> => {
      const server =
        kind === 'app' && !CALIBRATE
          ? await startNodeServer(APP_SCRIPT, [], {
              env: appEnv,
              // Production's V8 flags; e.g. BENCH_APP_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'
              // adds a profile
              nodeArgs: [
                ...PRODUCTION_NODE_FLAGS,
                ...(process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
              ],
              isReady: (line) => line.msg === 'PlusPlus for Slack is running',
            })
          : await startNodeServer(
              join(__dirname, 'ack-baseline-server.js'),
              kind === 'http' ? ['http'] : [kind === 'bolt-http' ? 'bolt-http' : 'bolt', SIGNING_SECRET],
              // BENCH_BASELINE_NODE_ARGS: the same for the baselines (to compare profiles)
              {
                env: baselineEnv,
                // The same V8 flags as the app: the ratio is what the app costs on top of Bolt, not
                // what a flag does (bare Bolt ran with node's defaults before 2026-12-06, 8th session).
                nodeArgs: [
                  ...PRODUCTION_NODE_FLAGS,
                  ...(process.env.BENCH_BASELINE_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
                ],
              },
            );
      servers.push(server);
      // The production topology: the workers in a process of their own beside the web process.
      const companion =
        kind === 'app' && !CALIBRATE && APP_ROLE === 'web'
          ? await startNodeServer(APP_SCRIPT, [], {
              env: { ...appEnv, ROLE: 'worker' },
              nodeArgs: [...PRODUCTION_NODE_FLAGS],
              isReady: (line) => line.msg === 'PlusPlus for Slack is running',
            })
          : undefined;
      if (companion) servers.push(companion);
      return { server, port: Number(server.ready.port), companion };
    };

    const results: ScenarioResult[] = [];
    const pids: Partial<Record<ServerKind, number>> = {};
    const running: Partial<Record<ServerKind, { server: NodeServer; port: number; companion?: NodeServer }>> =
      {};
    /** A server's processes: itself and, for the app as web + worker, its worker process. */
    const processesOf = (k: ServerKind) => [
      running[k]!.server,
      ...(running[k]!.companion ? [running[k]!.companion!] : []),
    ];
    const chosenFor = (kind: ServerKind) =>
      ONLY && !ONLY.has(kind)
        ? []
        : SCENARIOS.filter(
            (s) =>
              s.server === kind &&
              (!SCENARIO_FILTER ||
                SCENARIO_FILTER.some((f) =>
                  f.startsWith('=') ? s.name === f.slice(1) : s.name.includes(f),
                )),
          );
    const runScenario = async (scenario: Scenario, round: number) => {
      const kind = scenario.server;
      const { server, port } = running[kind]!;
      const before = sink.counts();
      const linesBefore = server.lines().length;
      const cpuBefore = processCpuMs(server.child.pid);
      const companion = running[kind]!.companion;
      const companionBefore = companion ? processCpuMs(companion.child.pid) : null;
      // The other server stays up but stopped (SIGSTOP) while this one is loaded: the app's idle
      // pollers spent 20-40 ms a second of CPU beside bare Bolt's load otherwise. Its CPU
      // meanwhile is still recorded, as a check that it spent nothing.
      const others = (Object.keys(running) as ServerKind[]).filter((k) => k !== kind);
      for (const k of others) for (const p of processesOf(k)) p.child.kill('SIGSTOP');
      const othersBefore = others.map((k) => processCpuMs(running[k]!.server.child.pid));
      const loadStarted = Date.now();
      const load: LoadOptions = {
        url: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: SIGNING_SECRET,
        teamId: ws.id,
        teamDomain: ws.domain,
        userIds,
        text: scenario.text,
        responseUrlBase: sink.base,
        connections: CONNECTIONS,
        warmupSeconds: WARMUP_SECONDS,
        seconds: SECONDS,
        overallRate: scenario.rate,
        expect: scenario.expect,
      };
      const r = await runNodeJson<LoadResult>(
        join(__dirname, 'slack-command-load.js'),
        [JSON.stringify(load)],
        {
          timeoutMs: (WARMUP_SECONDS + SECONDS) * 1000 + 60_000,
          env: { ...process.env, PEAK_RSS_LOG: rssLog },
        },
      );
      const loadEnded = Date.now();
      const result: ScenarioResult = {
        name: scenario.name,
        server: kind,
        text: scenario.text,
        rate: scenario.rate,
        round,
        ...r,
      };
      const idleCpu = others.map((k, i) => {
        const after = processCpuMs(running[k]!.server.child.pid);
        const before = othersBefore[i];
        return after === null || before === null || before === undefined
          ? null
          : Math.round(((after - before) * 1000) / (loadEnded - loadStarted));
      });
      if (others.length > 0) result.otherServerCpuMsPerSecond = idleCpu[0] ?? null;
      if (companion) {
        const after = processCpuMs(companion.child.pid);
        result.workerCpuMsPerSecond =
          after === null || companionBefore === null
            ? null
            : Math.round(((after - companionBefore) * 1000) / (loadEnded - loadStarted));
      }
      for (const k of others) for (const p of processesOf(k)) p.child.kill('SIGCONT');
      if (kind === 'app' && scenario.text === 'status') {
        // Every status command acked empty is answered through response_url after the ack; one
        // acked "busy" (the only other ack `status` gets: counted as a bad ack) is not.
        const acked = r.warmup.ok + (r.statusCodes['200'] ?? 0);
        const busy = r.mismatches + r.warmup.mismatches;
        // Wait until every empty ack is answered or answers stop coming for 1 s.
        const deadline = Date.now() + 30_000;
        let last = -1;
        let still = Date.now();
        while (sink.counts().ephemeral - before.ephemeral < acked - busy && Date.now() < deadline) {
          const now = sink.counts().ephemeral;
          if (now !== last) [last, still] = [now, Date.now()];
          else if (Date.now() - still > 1_000) break;
          await sleep(50);
        }
        // Commands still in flight when autocannon stopped are answered too: let them land.
        await sleep(300);
        const after = sink.counts();
        result.acked = acked;
        result.ackedBusy = busy;
        result.sentTotal = r.warmup.sent + r.sent;
        result.answered = after.ephemeral - before.ephemeral;
        result.answersDrainedMs = Math.max(0, after.lastAt - loadEnded);
      }
      const cpuAfter = processCpuMs(server.child.pid);
      const commands = r.warmup.sent + r.sent;
      result.cpuUsPerCommand =
        cpuBefore === null || cpuAfter === null || commands === 0
          ? null
          : Math.round(((cpuAfter - cpuBefore) * 1000) / commands);
      if (kind === 'app') {
        const levels = server
          .lines()
          .slice(linesBefore)
          .map((l) => {
            try {
              return (JSON.parse(l) as { level?: number }).level ?? 0;
            } catch {
              return 0;
            }
          });
        result.appLogLines = levels.length;
        result.appWarnLines = levels.filter((l) => l === 40).length;
        result.appErrorLines = levels.filter((l) => l >= 50).length;
      }
      // BENCH_SERVER_LINES=dir: each scenario's server output (e.g. with --trace-gc) to a file.
      if (process.env.BENCH_SERVER_LINES) {
        const file = join(
          process.env.BENCH_SERVER_LINES,
          `${kind}-${round}-${scenario.name.replace(/\W+/g, '_')}.log`,
        );
        writeFileSync(file, `${server.lines().slice(linesBefore).join('\n')}\n`);
      }
      results.push(result);
    };

    // Bare node:http alone, once: the floor, not part of the goal.
    const httpScenarios = chosenFor('http');
    if (httpScenarios.length > 0) {
      running.http = await start('http');
      pids.http = running.http.server.child.pid;
      for (const scenario of httpScenarios) await runScenario(scenario, 1);
      await running.http.server.stop();
      delete running.http;
    }
    // Bare Bolt (on both receivers) and the app side by side, their saturated scenarios in
    // alternating rounds (Bolt first, then the app first, …): the machine's speed drifts within a
    // run, and a ratio of two measurements taken minutes apart moved with it (docs/performance.md).
    for (const kind of ALTERNATED) {
      if (chosenFor(kind).length === 0) continue;
      running[kind] = await start(kind);
      pids[kind] = running[kind]!.server.child.pid;
    }
    const saturated = (kind: ServerKind) => chosenFor(kind).filter((s) => s.rate === 0);
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 === 1 ? ALTERNATED : [...ALTERNATED].reverse();
      for (const kind of order) for (const scenario of saturated(kind)) await runScenario(scenario, round);
    }
    // Bursts once a second: paced, far from saturation, one round each.
    for (const kind of ['bolt', 'app'] as const) {
      for (const scenario of chosenFor(kind).filter((s) => s.rate > 0)) await runScenario(scenario, 1);
    }
    for (const kind of ALTERNATED) await running[kind]?.server.stop();

    const peaks = readPeakRss(rssLog);
    const peakOf = (pid: number | undefined) => peaks.find((p) => p.pid === pid)?.maxRssMb ?? null;
    const loadPeak = Math.max(
      0,
      ...peaks
        .filter((p) => p.script === 'slack-command-load.js' && p.ppid === process.pid)
        .map((p) => p.maxRssMb),
    );

    const none = { perSecond: 0, latencyMs: { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 } } as ScenarioResult;
    const find = (name: string, round = 1) =>
      results.find((r) => r.name === name && r.round === round) ?? none;
    const non2xx = results.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
    const mismatches = results.reduce((n, r) => n + r.mismatches, 0);
    const unansweredOf = (r: ScenarioResult) =>
      Math.max(0, (r.acked ?? 0) - (r.ackedBusy ?? 0) - (r.answered ?? 0));
    const unanswered = results.reduce((n, r) => n + unansweredOf(r), 0);
    // The goal, per round: the app's p99 against bare Bolt's ack() p99 of the same round; CPU per
    // command likewise (help against Bolt answering the same text).
    const rounds = Array.from({ length: ROUNDS }, (_, i) => i + 1);
    const perRound = (app: string, bolt: string, read: (r: ScenarioResult) => number | null | undefined) =>
      rounds
        .map((round) => {
          const a = read(find(app, round));
          const b = read(find(bolt, round));
          return a && b ? Number((a / b).toFixed(2)) : null;
        })
        .filter((x): x is number => x !== null);
    const goal = {
      statusP99: perRound('app /plusplus status', 'bare Bolt, ack()', (r) => r.latencyMs.p99),
      helpP99: perRound('app /plusplus help', 'bare Bolt, ack()', (r) => r.latencyMs.p99),
      helpP99AgainstSameText: perRound(
        'app /plusplus help',
        'bare Bolt, ack(help text)',
        (r) => r.latencyMs.p99,
      ),
      statusP99AgainstBusyText: perRound(
        'app /plusplus status',
        'bare Bolt, ack(busy text)',
        (r) => r.latencyMs.p99,
      ),
      helpCpu: perRound('app /plusplus help', 'bare Bolt, ack(help text)', (r) => r.cpuUsPerCommand),
      statusCpu: perRound('app /plusplus status', 'bare Bolt, ack()', (r) => r.cpuUsPerCommand),
    };
    const medianOf = (xs: number[]) => {
      if (xs.length === 0) return null;
      const sorted = [...xs].sort((x, y) => x - y);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? sorted[mid]! : Number(((sorted[mid - 1]! + sorted[mid]!) / 2).toFixed(2));
    };
    const medians = Object.fromEntries(Object.entries(goal).map(([k, v]) => [k, medianOf(v)])) as Record<
      keyof typeof goal,
      number | null
    >;
    // The rounds pooled: each scenario's answers of every round in one distribution, and its p99.
    // One stall of the machine (tens of ms, every ack in flight at once) moves one round's p99 of
    // 25,000 answers; pooled over the rounds it is a fifth of the weight (docs/performance.md).
    const pooledP99 = (name: string) => {
      const counts = new Map<number, number>();
      for (const r of results.filter((x) => x.name === name && x.rate === 0)) {
        for (const [tenths, n] of Object.entries(r.latencyTenthsMs ?? {})) {
          counts.set(Number(tenths), (counts.get(Number(tenths)) ?? 0) + n);
        }
      }
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      if (total === 0) return null;
      let seen = 0;
      for (const [tenths, n] of [...counts].sort((x, y) => x[0] - y[0])) {
        seen += n;
        if (seen >= Math.ceil(0.99 * total)) return tenths / 10;
      }
      return null;
    };
    const pooledRatio = (app: string, bolt: string) => {
      const a = pooledP99(app);
      const b = pooledP99(bolt);
      return a && b ? Number((a / b).toFixed(2)) : null;
    };
    const pooled = {
      statusP99: pooledRatio('app /plusplus status', 'bare Bolt, ack()'),
      helpP99: pooledRatio('app /plusplus help', 'bare Bolt, ack()'),
      // The same text in Bolt's ack: what the app costs beyond the words it answers with.
      helpP99AgainstSameText: pooledRatio('app /plusplus help', 'bare Bolt, ack(help text)'),
      statusP99AgainstBusyText: pooledRatio('app /plusplus status', 'bare Bolt, ack(busy text)'),
      // Bolt's default receiver: the second baseline since the app has its own receiver.
      statusP99AgainstHttpReceiver: pooledRatio('app /plusplus status', BOLT_HTTP_RECEIVER),
      helpP99AgainstHttpReceiver: pooledRatio('app /plusplus help', BOLT_HTTP_RECEIVER),
      p99Ms: {
        bolt: pooledP99('bare Bolt, ack()'),
        boltHttpReceiver: pooledP99(BOLT_HTTP_RECEIVER),
        status: pooledP99('app /plusplus status'),
        help: pooledP99('app /plusplus help'),
      },
    };
    // The histograms have served: the JSON line keeps the figures.
    for (const r of results) delete (r as Partial<ScenarioResult>).latencyTenthsMs;

    if (CALIBRATE)
      console.log('CALIBRATION: "app" is a second bare Bolt process; the ratios are Bolt against Bolt.');
    console.log(
      `Slash-command ack latency: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per ` +
        `scenario, ${ROUNDS} rounds, ${cpus().length} CPUs, node ${process.version}, workspace of ${MEMBERS} ` +
        `members (${userIds.length} linked PlusPlus users), database ${db.kind}, app ${APP_ROLES[APP_ROLE]}`,
    );
    const header = [
      'scenario'.padEnd(38),
      'round'.padStart(5),
      'req/s'.padStart(6),
      'p50 ms'.padStart(7),
      'p90 ms'.padStart(7),
      'p99 ms'.padStart(7),
      'max ms'.padStart(7),
      'non-2xx'.padStart(8),
      'bad ack'.padStart(8),
      'unanswered'.padStart(10),
      'CPU µs/cmd'.padStart(10),
      'load CPU'.padStart(8),
    ].join('  ');
    console.log(header);
    console.log('-'.repeat(header.length));
    for (const r of results) {
      console.log(
        [
          r.name.padEnd(38),
          String(r.round).padStart(5),
          String(r.perSecond).padStart(6),
          String(r.latencyMs.p50).padStart(7),
          String(r.latencyMs.p90).padStart(7),
          String(r.latencyMs.p99).padStart(7),
          String(r.latencyMs.max).padStart(7),
          String(r.non2xx + r.errors + r.timeouts).padStart(8),
          String(r.mismatches).padStart(8),
          (r.acked === undefined ? '' : String(unansweredOf(r))).padStart(10),
          String(r.cpuUsPerCommand ?? '?').padStart(10),
          String(r.loadCpuMsPerSecond ?? '?').padStart(8),
        ].join('  '),
      );
    }
    console.log('-'.repeat(header.length));
    const verdict = (ratio: number | null) =>
      ratio === null ? '?' : ratio <= GOAL_RATIO_P99 ? 'met' : 'MISSED';
    const list = (xs: number[]) => xs.map((x) => `${x.toFixed(2)}x`).join(', ');
    console.log(
      `p99 / bare Bolt's ack() p99 of the same round (goal ≤ ${GOAL_RATIO_P99}x, median of ${ROUNDS} rounds): ` +
        `status ${medians.statusP99 ?? '?'}x (${list(goal.statusP99)}; ${verdict(medians.statusP99)}), ` +
        `help ${medians.helpP99 ?? '?'}x (${list(goal.helpP99)}; ${verdict(medians.helpP99)}); help against ` +
        `Bolt answering the same text ${medians.helpP99AgainstSameText ?? '?'}x, status against Bolt acking ` +
        `"busy" ${medians.statusP99AgainstBusyText ?? '?'}x; CPU per command / bare Bolt's: ` +
        `help ${medians.helpCpu ?? '?'}x (${list(goal.helpCpu)}), status ${medians.statusCpu ?? '?'}x; ` +
        `non-2xx/errors ${non2xx}, bad acks ${mismatches} ("busy" for status), status commands acked empty ` +
        `and not answered ${unanswered}; app peak ` +
        `RSS ${peakOf(pids.app) ?? '?'} MB (bare Bolt ${peakOf(pids.bolt) ?? '?'} MB)`,
    );
    console.log(
      `Pooled over the ${ROUNDS} rounds: p99 bare Bolt ack() ${pooled.p99Ms.bolt ?? '?'} ms, status ` +
        `${pooled.p99Ms.status ?? '?'} ms (${pooled.statusP99 ?? '?'}x; ${verdict(pooled.statusP99)}), help ` +
        `${pooled.p99Ms.help ?? '?'} ms (${pooled.helpP99 ?? '?'}x; ${verdict(pooled.helpP99)}); against bare ` +
        `Bolt acking the same text: help ${pooled.helpP99AgainstSameText ?? '?'}x, status (its acks carry ` +
        `"busy" once 1,000 answers wait) ${pooled.statusP99AgainstBusyText ?? '?'}x; against bare Bolt on ` +
        `its default HTTPReceiver (p99 ${pooled.p99Ms.boltHttpReceiver ?? '?'} ms): status ` +
        `${pooled.statusP99AgainstHttpReceiver ?? '?'}x (${verdict(pooled.statusP99AgainstHttpReceiver)}), help ` +
        `${pooled.helpP99AgainstHttpReceiver ?? '?'}x (${verdict(pooled.helpP99AgainstHttpReceiver)})`,
    );
    const bolt = find('bare Bolt, ack()');
    const ours = find('app /plusplus status');
    console.log(
      JSON.stringify({
        bench: 'ack-latency',
        appRole: APP_ROLE,
        calibration: CALIBRATE,
        connections: CONNECTIONS,
        seconds: SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        rounds: ROUNDS,
        members: MEMBERS,
        linkedUsers: userIds.length,
        cpus: cpus().length,
        node: process.version,
        nodeFlags: [...PRODUCTION_NODE_FLAGS],
        database: db.kind,
        goalRatioP99: GOAL_RATIO_P99,
        goal: { perRound: goal, medians, pooled },
        headline: {
          p50Ms: ours.latencyMs.p50,
          p99Ms: ours.latencyMs.p99,
          perSecond: ours.perSecond,
          baselineBoltP50Ms: bolt.latencyMs.p50,
          baselineBoltP99Ms: bolt.latencyMs.p99,
          baselineBoltPerSecond: bolt.perSecond,
          baselineHttpP99Ms: find('bare node:http').latencyMs.p99,
          ratioP99: medians.statusP99,
          helpRatioP99: medians.helpP99,
          non2xx,
          mismatches,
          unanswered,
        },
        peakRssMb: {
          app: peakOf(pids.app),
          bareBolt: peakOf(pids.bolt),
          bareHttp: peakOf(pids.http),
          loadGenerator: loadPeak,
        },
        totalSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
        scenarios: results,
      }),
    );
  } finally {
    for (const server of servers) {
      // A server may still be stopped (SIGSTOP) if a scenario failed.
      server.child.kill('SIGCONT');
      await server.stop().catch(() => undefined);
    }
    await sink.close();
    await sb.stop();
    await db.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    rss.done();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
