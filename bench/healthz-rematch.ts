/**
 * `/healthz` while a bulk re-match runs (issue 16): the process must keep answering.
 *
 *   npm run build && node dist/bench/healthz-rematch.js [--users N] [--members N] [--rate R]
 *
 * One process holds N users and N Slack members in memory (the default expressions, every user
 * matching one member, as bench/matching.ts) and an HTTP server answering `GET /healthz`, as the
 * app's does (a 200 with a small JSON body: it measures whether the event loop is free). A probe
 * process sends R requests a second, open loop (one every 1000/R ms whether or not the previous
 * one was answered, so a stall delays every request sent during it, as real traffic would be), and
 * reports each latency. Three windows, one after the other:
 * - idle: nothing else runs (the baseline, same run);
 * - sliced: the re-match's CPU work as MatchingService runs it, `runInSlices` over
 *   `indexDirectorySteps` and `matchAllSteps` (src/app/user-matching/slices.ts), yielding every 5 ms;
 * - synchronous: the same work in one go (`indexDirectory` + `matchAll`), as it ran before, for
 *   comparison.
 * The database reads and writes around a re-match are asynchronous I/O and not part of this
 * figure. Prints a table and one JSON line.
 */
import { fork } from 'node:child_process';
import { Agent, createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { runInSlices } from '../src/app/user-matching/slices';
import { buildMatcher } from '../src/domain/matching/matcher';
import type { SlackMember } from '../src/domain/matching/slack-members';
import type { UserRecord } from '../src/domain/users';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const GOAL_P99_MS = 100;
const IDLE_MS = 3000;

interface Window {
  name: string;
  /** How long the work in this window took, ms (the idle window: its length). */
  workMs: number;
  probes: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

// ---------------------------------------------------------------------------------------------
// The probe process: open-loop GET /healthz at a fixed rate until told to stop.

async function probe(url: string, ratePerSecond: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let latencies: number[] = [];
  const timer = setInterval(() => {
    const sent = performance.now();
    get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => latencies.push(performance.now() - sent));
    }).on('error', () => latencies.push(Number.POSITIVE_INFINITY));
  }, 1000 / ratePerSecond);
  process.on('message', (message: { cmd: string }) => {
    if (message.cmd === 'mark') {
      latencies = [];
      process.send?.({ cmd: 'marked' });
    } else if (message.cmd === 'collect') {
      // Requests still in flight are answered within a few ms once the main process is free.
      setTimeout(() => {
        process.send?.({ cmd: 'latencies', latencies });
        latencies = [];
      }, 200);
    } else if (message.cmd === 'stop') {
      clearInterval(timer);
      agent.destroy();
      process.exit(0);
    }
  });
  process.send?.({ cmd: 'ready' });
}

// ---------------------------------------------------------------------------------------------
// The main process: data, the /healthz server, and the windows.

function data(users: number, members: number): { users: UserRecord[]; members: SlackMember[] } {
  const m: SlackMember[] = [];
  for (let i = 0; i < members; i++) {
    m.push({
      id: `U${String(i).padStart(9, '0')}`,
      name: `member${i}`,
      deleted: false,
      is_bot: false,
      profile: { email: `person${i}@example.com`, real_name: `Person ${i}` },
    } as SlackMember);
  }
  const u: UserRecord[] = [];
  for (let i = 0; i < users; i++)
    u.push({ id: `user-${i}`, email: `Person${i}@Example.com`, name: `P ${i}` });
  return { users: u, members: m };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const userCount = arg('users', 100_000);
  const memberCount = arg('members', userCount);
  const rate = arg('rate', 200);
  const { users, members } = data(userCount, memberCount);
  const matcher = buildMatcher({ plusplusExpression: 'email', slackExpression: 'profile.email' });

  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;

  const child = fork(__filename, ['--probe', url, '--rate', String(rate)], { stdio: 'inherit' });
  const next = (cmd: string) =>
    new Promise<{ cmd: string; latencies?: number[] }>((resolve) => {
      child.once('message', resolve);
      if (cmd) child.send({ cmd });
    });
  await next(''); // ready

  const windows: Window[] = [];
  const measure = async (name: string, work: () => Promise<unknown>) => {
    await next('mark');
    const started = performance.now();
    await work();
    const workMs = performance.now() - started;
    const { latencies = [] } = await next('collect');
    const sorted = latencies.sort((a, b) => a - b);
    windows.push({
      name,
      workMs: Math.round(workMs),
      probes: sorted.length,
      p50Ms: Number(percentile(sorted, 50).toFixed(1)),
      p99Ms: Number(percentile(sorted, 99).toFixed(1)),
      maxMs: Number((sorted.at(-1) ?? Number.NaN).toFixed(1)),
    });
  };

  // Warm-up (untimed): both ways once, so neither window pays for compiling the code.
  matcher.matchAll(users.slice(0, 5000), matcher.indexDirectory(members.slice(0, 5000)));
  await runInSlices(
    matcher.matchAllSteps(users.slice(0, 5000), matcher.indexDirectory(members.slice(0, 5000))),
  );

  // Let the garbage of building the data and of the warm-up be collected before the first window.
  await new Promise((r) => setTimeout(r, 1500));

  let matched = 0;
  await measure('idle', () => new Promise((r) => setTimeout(r, IDLE_MS)));
  await measure('sliced', async () => {
    const index = await runInSlices(matcher.indexDirectorySteps(members));
    matched = (await runInSlices(matcher.matchAllSteps(users, index))).counts.users.matched;
  });
  await measure('synchronous', async () => {
    const index = matcher.indexDirectory(members);
    matcher.matchAll(users, index);
  });
  child.send({ cmd: 'stop' });
  server.close();

  console.log(
    `\n/healthz during a bulk re-match: ${userCount} users x ${memberCount} members, ${rate} probes/s`,
  );
  console.log('window        work ms   probes   p50 ms   p99 ms   max ms');
  for (const w of windows) {
    console.log(
      `${w.name.padEnd(12)} ${String(w.workMs).padStart(8)} ${String(w.probes).padStart(8)} ${String(w.p50Ms).padStart(8)} ${String(w.p99Ms).padStart(8)} ${String(w.maxMs).padStart(8)}`,
    );
  }
  const sliced = windows.find((w) => w.name === 'sliced')!;
  const idle = windows.find((w) => w.name === 'idle')!;
  console.log(
    JSON.stringify({
      users: userCount,
      members: memberCount,
      rate,
      matched,
      windows,
      p99Ms: sliced.p99Ms,
      baselineP99Ms: idle.p99Ms,
      goalP99Ms: GOAL_P99_MS,
      goalMet: sliced.p99Ms < GOAL_P99_MS,
    }),
  );
}

const probeAt = process.argv.indexOf('--probe');
if (probeAt > 0) {
  void probe(process.argv[probeAt + 1]!, arg('rate', 200));
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
