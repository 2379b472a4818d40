/**
 * `npm run bench`: runs every benchmark in its own process (so each one's memory is its own),
 * prints one table of the headline figures with their baselines and goals, and writes everything
 * to bench/results/<date>.json. Loopback only; each bench bounds its own counts and time.
 * docs/performance.md explains every figure.
 *
 * Peak memory: every Node process a bench starts (the bench itself, its scenario children, load
 * generators, the app under test) loads bench/peak-rss.ts through NODE_OPTIONS and, as it exits,
 * records its `process.resourceUsage().maxRSS`; each bench's JSON gets them as `peakRss`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { PeakRssRecord } from './peak-rss';
import { PEAK_RSS_PRELOAD, readPeakRss } from './support';

type Json = Record<string, unknown>;

interface PeakRss {
  /** The bench's own process. */
  selfMb: number | null;
  /** The process holding the code under test (see SUBJECT), and its figure. */
  subject: { script: string; maxRssMb: number } | null;
  processes: PeakRssRecord[];
}

/** Which process of a bench holds the code under test, for its peak-RSS line. */
const SUBJECT: Record<string, { script: string; label: string }> = {
  'matching.js': { script: 'matching.js', label: 'matching (largest scenario process)' },
  'delivery.js': { script: 'delivery.js', label: 'delivery bench process (accept server + worker)' },
  'ack-latency.js': { script: 'main.js', label: 'app process under the ack load (dist/src/main.js)' },
  'directory-sync.js': { script: 'directory-sync.js', label: 'directory sync process' },
};

function nodeOptions(): string {
  const preload = PEAK_RSS_PRELOAD.includes(' ') ? `"${PEAK_RSS_PRELOAD}"` : PEAK_RSS_PRELOAD;
  return [process.env.NODE_OPTIONS, `--require ${preload}`].filter(Boolean).join(' ');
}

/** Runs one bench as a child process; its last JSON line, its wall time and its processes' peak RSS. */
async function runBench(script: string, args: string[] = []): Promise<{ result: Json; seconds: number }> {
  const rssLog = join(mkdtempSync(join(tmpdir(), 'pps-bench-rss-')), 'peak-rss.jsonl');
  const started = performance.now();
  let pid: number | undefined;
  const stdout = await new Promise<string>((resolvePromise, reject) => {
    const child = execFile(
      process.execPath,
      [join(__dirname, script), ...args],
      {
        maxBuffer: 64 * 1024 * 1024,
        timeout: 10 * 60_000,
        env: { ...process.env, NODE_OPTIONS: nodeOptions(), PEAK_RSS_LOG: rssLog },
      },
      (error, out, err) => {
        if (error) reject(new Error(`${script} failed: ${error.message}\n${err}`));
        else resolvePromise(out);
      },
    );
    pid = child.pid;
  });
  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  process.stdout.write(stdout);
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line) throw new Error(`${script} printed no JSON result`);
  const result = JSON.parse(line) as Json;
  const processes = readPeakRss(rssLog);
  rmSync(dirname(rssLog), { recursive: true, force: true });
  const subjectScript = SUBJECT[script]?.script ?? script;
  const subjects = processes.filter((p) => p.script === subjectScript);
  const subject = subjects.sort((a, b) => b.maxRssMb - a.maxRssMb)[0];
  const peakRss: PeakRss = {
    selfMb: processes.find((p) => p.pid === pid)?.maxRssMb ?? null,
    subject: subject ? { script: subject.script, maxRssMb: subject.maxRssMb } : null,
    processes,
  };
  result.peakRss = peakRss;
  return { result, seconds };
}

const num = (value: unknown, digits?: number): string => {
  if (typeof value !== 'number' || Number.isNaN(value)) return '?';
  return digits === undefined ? String(value) : value.toFixed(digits);
};
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

type Row = [figure: string, value: string, baseline: string, ratio: string, goal: string, result: string];

async function main(): Promise<void> {
  const seconds: Record<string, number> = {};
  // The machine may be shared: the 1-minute load average as each bench starts says how much.
  const load: Record<string, number> = {};
  const run = async (name: string, script: string) => {
    load[name] = Number(loadavg()[0]!.toFixed(2));
    const { result, seconds: s } = await runBench(script);
    seconds[name] = s;
    return result;
  };
  const matching = await run('matching', 'matching.js');
  const delivery = await run('delivery', 'delivery.js');
  const ack = await run('ackLatency', 'ack-latency.js');
  const sync = await run('directorySync', 'directory-sync.js');

  const rows: Row[] = [];
  // Matching: the scenario of ours with the worst ratio, against its own baseline.
  const scenarios = (matching.scenarios ?? []) as Array<Json & { ratio: number; bestMs: number }>;
  const worst = scenarios.filter((s) => s.implementation === 'ours').sort((a, b) => b.ratio - a.ratio)[0];
  const worstBase = scenarios.find(
    (s) => s.implementation === 'baseline' && s.expressions === worst?.expressions,
  );
  rows.push([
    `matching ${num(matching.users)} users x ${num(matching.members)} members (worst expression set, best of ${num(matching.runs)})`,
    `${num(worst?.bestMs)} ms`,
    `${num(worstBase?.bestMs)} ms jmespath + hash join`,
    `${num(matching.worstRatio, 2)}x`,
    '<= 5x',
    verdict(Number(matching.worstRatio) <= 5),
  ]);
  rows.push([
    'matching peak RSS (sampled, 100k x 100k in memory)',
    `${num(matching.worstPeakRssMb)} MB`,
    `${num(worstBase?.sampledPeakRssMb)} MB baseline`,
    '',
    '< 500 MB',
    verdict(Number(matching.worstPeakRssMb) < 500),
  ]);
  const accept = (delivery.accept ?? {}) as Json;
  rows.push([
    'accept POST /notifications (1 recipient, autocannon; peak of each side)',
    `${num(accept.per_second)}/s`,
    `${num(accept.baseline_pg_insert_per_second)}/s raw INSERT`,
    num(accept.ratio),
    '>= 0.5',
    verdict(Number(accept.ratio) >= 0.5),
  ]);
  for (const c of (accept.by_concurrency ?? []) as Json[]) {
    rows.push([
      `  accept at ${num(c.concurrency)} connections (p99 ${num(c.p99_ms)} ms)`,
      `${num(c.per_second)}/s`,
      `${num(c.pg_insert_per_second)}/s raw INSERT`,
      num(c.ratio),
      '',
      '',
    ]);
  }
  const deliver = (delivery.delivery ?? {}) as Json;
  rows.push([
    `delivery vs configured Slack pace (${num(deliver.deliveries)} DMs, lost ${num(deliver.lost)}, 429s ${num(deliver.ratelimited_429)})`,
    `${num(deliver.measured_per_second)}/s`,
    `${num(deliver.configured_per_second)}/s configured`,
    num(deliver.ratio),
    '>= 0.9, 0 lost',
    verdict(Number(deliver.ratio) >= 0.9 && deliver.lost === 0),
  ]);
  const head = (ack.headline ?? {}) as Json;
  const ackScenarios = (ack.scenarios ?? []) as Array<Json & { latencyMs: Json }>;
  rows.push([
    `ack /plusplus status, ${num(ack.connections)} concurrent (p50 ${num(head.p50Ms)} ms; non-2xx ${num(head.non2xx)}, unanswered ${num(head.unanswered)})`,
    `p99 ${num(head.p99Ms)} ms`,
    `bare Bolt p99 ${num(head.baselineBoltP99Ms)} ms`,
    `${num(head.ratioP99, 2)}x`,
    'p99 < 100 ms',
    verdict(Number(head.p99Ms) < Number(ack.goalP99Ms ?? 100) && head.non2xx === 0),
  ]);
  const help = ackScenarios.find((s) => s.name === 'app /plusplus help');
  rows.push([
    `ack /plusplus help, ${num(ack.connections)} concurrent (answered in the ack; p50 ${num(help?.latencyMs.p50)} ms)`,
    `p99 ${num(help?.latencyMs.p99)} ms`,
    `bare Bolt p99 ${num(head.baselineBoltP99Ms)} ms`,
    `${num(Number(help?.latencyMs.p99) / Math.max(1, Number(head.baselineBoltP99Ms)), 2)}x`,
    'p99 < 100 ms',
    verdict(Number(help?.latencyMs.p99) < 100),
  ]);
  const burst = ackScenarios.find((s) => s.server === 'app' && Number(s.rate) > 0);
  const burstBolt = ackScenarios.find((s) => s.server === 'bolt' && Number(s.rate) > 0);
  if (burst) {
    rows.push([
      `ack /plusplus status, bursts of ${num(burst.rate)} once a second (p50 ${num(burst.latencyMs.p50)} ms)`,
      `p99 ${num(burst.latencyMs.p99)} ms`,
      `bare Bolt p99 ${num(burstBolt?.latencyMs.p99)} ms`,
      `${num(Number(burst.latencyMs.p99) / Math.max(1, Number(burstBolt?.latencyMs.p99)), 2)}x`,
      '(no goal)',
      'info',
    ]);
  }
  rows.push([
    `directory sync users.list pace, ${num(sync.pages)} pages (${num(sync.members)} members, 429s ${num(sync.ratelimited_429)})`,
    `${num(sync.callsPerMinute)}/min`,
    `Tier 2 ${num(sync.tierPerMinute)}/min`,
    num(sync.ratio),
    '0.8-1.0, 0 x 429',
    verdict(Number(sync.ratio) <= 1 && Number(sync.ratio) >= 0.8 && sync.ratelimited_429 === 0),
  ]);
  rows.push([
    `directory sync time at real pace (measured ${num(sync.seconds)} s at scale ${num(sync.scale)}; real-time ratio ${num(sync.realTimeRatio)})`,
    `~${num(sync.realTimeSeconds)} s`,
    `${num(sync.membersPerSecond)} members/s`,
    '',
    '(no goal)',
    'info',
  ]);
  for (const [name, result] of [
    ['matching.js', matching],
    ['delivery.js', delivery],
    ['ack-latency.js', ack],
    ['directory-sync.js', sync],
  ] as const) {
    const peak = result.peakRss as PeakRss;
    rows.push([
      `peak RSS: ${SUBJECT[name]!.label}`,
      `${num(peak.subject?.maxRssMb)} MB`,
      name === 'ack-latency.js'
        ? `bare Bolt ${num((ack.peakRssMb as Json | undefined)?.bareBolt)} MB`
        : `bench process ${num(peak.selfMb)} MB`,
      '',
      name === 'matching.js' ? '< 500 MB' : '(no goal)',
      name === 'matching.js' ? verdict(Number(peak.subject?.maxRssMb) < 500) : 'info',
    ]);
  }

  const header: Row = ['figure', 'value', 'baseline', 'ratio', 'goal', 'result'];
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i].length)));
  const format = (r: Row) =>
    r
      .map((cell, i) => (i === 1 || i === 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(`\n${format(header)}`);
  console.log('-'.repeat(widths.reduce((a, b) => a + b + 2, -2)));
  for (const row of rows) console.log(format(row));
  console.log(
    `\nwall time per bench: ${Object.entries(seconds)
      .map(([k, v]) => `${k} ${v} s`)
      .join(', ')}; ${cpus().length} CPUs, node ${process.version}`,
  );
  const busiest = Math.max(...Object.values(load));
  console.log(
    `load average (1 min) as each bench started: ${Object.entries(load)
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}${busiest > cpus().length ? ' -- the machine was busy with other work: figures are pessimistic' : ''}`,
  );

  const dir = resolve(__dirname, '../../bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        benchSeconds: seconds,
        loadAverageAtStart: load,
        matching,
        delivery,
        ackLatency: ack,
        directorySync: sync,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`results written to ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
