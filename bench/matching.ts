/**
 * User-matching benchmark: 100k PlusPlus users against a 100k-member Slack directory.
 *
 *   npm run build && node dist/bench/matching.js [--users N] [--members N] [--runs N]
 *
 * Every scenario runs in a child process of its own, so each peak RSS belongs to one scenario:
 * - baseline: the raw engine (`jmespath.search`) on every record and a plain-code hash join
 *   (member filter, trim + lower-case, Map lookups, one link per member), the least work any
 *   implementation must do, measured in the same run as ours;
 * - ours: `buildMatcher(...).matchAll(users, members)` (src/domain/matching), which adds the
 *   wrapper's checks, full value normalization, arrays, per-user outcomes and report counts.
 * Both are run with the default expressions and with a custom-field expression.
 *
 * Peak RSS is sampled by a worker thread every 5 ms (`process.memoryUsage.rss()`, the main thread
 * is busy matching) and read from `process.resourceUsage().maxRSS`; "data" is the RSS after
 * generating the users and members, before matching. Prints one table and one JSON line.
 */
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import * as jmespath from 'jmespath';
import { buildMatcher } from '../src/domain/matching/matcher';
import type { SlackMember } from '../src/domain/matching/slack-members';
import type { UserRecord } from '../src/domain/users';

interface Options {
  users: number;
  members: number;
  runs: number;
}

const EXPRESSIONS = {
  default: { plusplusExpression: 'email', slackExpression: 'profile.email' },
  custom: { plusplusExpression: 'metadata.employee_id', slackExpression: 'profile.fields.Xf01ABCDEF.value' },
} as const;
type ExpressionSet = keyof typeof EXPRESSIONS;
type Implementation = 'baseline' | 'ours';

const SCENARIOS: ReadonlyArray<{ name: string; implementation: Implementation; expressions: ExpressionSet }> =
  [
    { name: 'baseline-default', implementation: 'baseline', expressions: 'default' },
    { name: 'ours-default', implementation: 'ours', expressions: 'default' },
    { name: 'baseline-custom', implementation: 'baseline', expressions: 'custom' },
    { name: 'ours-custom', implementation: 'ours', expressions: 'custom' },
  ];

const GOALS = { ratio: 5, peakRssMb: 500 };

interface ScenarioReport {
  name: string;
  implementation: Implementation;
  expressions: ExpressionSet;
  /** Wall time of each run, ms. */
  runsMs: number[];
  bestMs: number;
  medianMs: number;
  /** RSS with the generated data in memory, before the first run, MB. */
  dataRssMb: number;
  /** Highest RSS the sampler saw, MB. */
  sampledPeakRssMb: number;
  /** process.resourceUsage().maxRSS at the end, MB. */
  maxRssMb: number;
  matched: number;
  /** ours only: one user against a warm directory index (Test Slack), µs per call. */
  matchOneMicros?: number;
}

// ---------------------------------------------------------------------------------------------
// Deterministic data

/** mulberry32: a tiny seeded PRNG, so every child builds the very same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'ada',
  'grace',
  'alan',
  'barbara',
  'edsger',
  'margaret',
  'donald',
  'frances',
  'john',
  'katherine',
];
const LAST = [
  'lovelace',
  'hopper',
  'turing',
  'liskov',
  'dijkstra',
  'hamilton',
  'knuth',
  'allen',
  'backus',
  'johnson',
];
const DEPARTMENTS = ['Engineering', 'Sales', 'Support', 'Finance', 'People', 'Marketing'];

function emailOf(n: number): string {
  return `${FIRST[n % 10]}.${LAST[Math.floor(n / 10) % 10]}.${n}@example.com`;
}

function mixCase(text: string, random: () => number): string {
  return [...text].map((c) => (random() < 0.3 ? c.toUpperCase() : c)).join('');
}

/**
 * A directory shaped like `users.list` after `users.profile.get` filled in custom fields: ~2%
 * deleted, ~2% bots, ~0.5% app users, Slackbot, ~5% humans without e-mail, ~0.3% pairs of
 * members sharing an e-mail (ambiguous), some upper-case e-mails.
 */
function generateMembers(count: number): SlackMember[] {
  const random = prng(42);
  const members: SlackMember[] = [];
  for (let n = 0; n < count; n++) {
    const roll = random();
    const id = `U${(0x10000000 + n).toString(36).toUpperCase()}`;
    const name = `${FIRST[n % 10]}.${LAST[Math.floor(n / 10) % 10]}${n}`;
    const isBot = roll < 0.02;
    const isAppUser = roll >= 0.02 && roll < 0.025;
    const deleted = roll >= 0.025 && roll < 0.045;
    const noEmail = roll >= 0.045 && roll < 0.095;
    // Every 300th member reuses its predecessor's e-mail: a shared mailbox, two accounts.
    const emailNumber = n % 300 === 299 ? n - 1 : n;
    let email: string | undefined = noEmail || isBot ? undefined : emailOf(emailNumber);
    if (email && random() < 0.1) email = email.toUpperCase();
    const realName = `${FIRST[n % 10]} ${LAST[Math.floor(n / 10) % 10]}`;
    members.push({
      id: n === 0 ? 'USLACKBOT' : id,
      team_id: 'T0123ABCD',
      name,
      deleted,
      color: '9f69e7',
      real_name: realName,
      tz: 'Europe/Berlin',
      tz_label: 'Central European Time',
      tz_offset: 3600,
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: isBot,
      is_app_user: isAppUser,
      updated: 1_700_000_000 + n,
      is_email_confirmed: !noEmail,
      who_can_share_contact_card: 'EVERYONE',
      profile: {
        title: DEPARTMENTS[n % DEPARTMENTS.length],
        phone: '',
        skype: '',
        real_name: realName,
        real_name_normalized: realName,
        display_name: random() < 0.5 ? name : '',
        display_name_normalized: '',
        fields: {
          Xf01ABCDEF: { value: `${100000 + n}`, alt: '' },
          Xf02DEPTID: { value: DEPARTMENTS[n % DEPARTMENTS.length]!, alt: '' },
        },
        status_text: '',
        status_emoji: '',
        status_expiration: 0,
        avatar_hash: `g${n.toString(16)}`,
        ...(email === undefined ? {} : { email }),
        first_name: FIRST[n % 10],
        last_name: LAST[Math.floor(n / 10) % 10],
        image_24: `https://secure.gravatar.com/avatar/${n}.jpg?s=24`,
        image_72: `https://secure.gravatar.com/avatar/${n}.jpg?s=72`,
        team: 'T0123ABCD',
      },
    });
  }
  return members;
}

/**
 * PlusPlus users: user n is member n's person with the e-mail typed with random letter case (and
 * sometimes padded), ~3% without e-mail, ~3% with an address Slack does not have, ~0.5% sharing
 * an address with another user. `metadata.employee_id` is a number (Slack's field is a string).
 */
function generateUsers(count: number): UserRecord[] {
  const random = prng(7);
  const users: UserRecord[] = [];
  for (let n = 0; n < count; n++) {
    const roll = random();
    let email: string | undefined;
    if (roll < 0.03) email = undefined;
    else if (roll < 0.06) email = `contractor.${n}@elsewhere.example`;
    else if (roll < 0.065) email = emailOf(Math.max(0, n - 1));
    else email = mixCase(emailOf(n), random);
    if (email && random() < 0.05) email = ` ${email} `;
    users.push({
      id: `pp-${n}`,
      email,
      name: `${FIRST[n % 10]} ${LAST[Math.floor(n / 10) % 10]}`,
      is_admin: n % 500 === 0,
      metadata: {
        employee_id: roll < 0.06 ? null : 100000 + n,
        department: DEPARTMENTS[n % DEPARTMENTS.length],
        hired_on: '2024-03-01',
      },
    });
  }
  return users;
}

// ---------------------------------------------------------------------------------------------
// The two implementations

/** The least a correct hash join needs: filter, evaluate with the raw engine, normalize, join. */
function baselineMatch(users: UserRecord[], members: SlackMember[], expressions: ExpressionSet): number {
  const { plusplusExpression, slackExpression } = EXPRESSIONS[expressions];
  const keyOf = (value: unknown): string | null => {
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string') return null;
    const key = value.trim().toLowerCase();
    return key === '' ? null : key;
  };
  const byKey = new Map<string, string | null>(); // null: several members share the key
  for (const member of members) {
    if (member.deleted || member.is_bot || member.is_app_user || member.id === 'USLACKBOT') continue;
    const email = member.profile?.email;
    if (typeof email !== 'string' || email.trim() === '') continue;
    const key = keyOf(jmespath.search(member, slackExpression));
    if (key === null) continue;
    byKey.set(key, byKey.has(key) ? null : member.id);
  }
  const candidates: (string | null)[] = new Array(users.length).fill(null);
  const claims = new Map<string, number>();
  users.forEach((user, i) => {
    const key = keyOf(jmespath.search(user, plusplusExpression));
    const memberId = key === null ? undefined : byKey.get(key);
    if (!memberId) return;
    candidates[i] = memberId;
    claims.set(memberId, (claims.get(memberId) ?? 0) + 1);
  });
  let matched = 0;
  for (const memberId of candidates) if (memberId !== null && claims.get(memberId) === 1) matched++;
  return matched;
}

function oursMatch(users: UserRecord[], members: SlackMember[], expressions: ExpressionSet): number {
  return buildMatcher(EXPRESSIONS[expressions]).matchAll(users, members).counts.users.matched;
}

// ---------------------------------------------------------------------------------------------
// Child: one scenario

const MB = 1024 * 1024;

/** A worker thread that records the highest RSS it sees (in KiB) into shared memory. */
function startRssSampler(): { peakMb: () => number; stop: () => Promise<number> } {
  const shared = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const peak = workerData;
     setInterval(() => {
       const kib = Math.round(process.memoryUsage.rss() / 1024);
       if (kib > Atomics.load(peak, 0)) Atomics.store(peak, 0, kib);
     }, 5);`,
    { eval: true, workerData: shared },
  );
  worker.unref();
  const peakMb = () => Atomics.load(shared, 0) / 1024;
  return {
    peakMb,
    stop: async () => {
      await worker.terminate();
      return peakMb();
    },
  };
}

async function runScenario(name: string, options: Options): Promise<ScenarioReport> {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (!scenario) throw new Error(`unknown scenario ${name}`);
  const gc = (globalThis as { gc?: () => void }).gc;
  const members = generateMembers(options.members);
  const users = generateUsers(options.users);
  gc?.();
  const dataRssMb = process.memoryUsage.rss() / MB;
  const sampler = startRssSampler();
  await new Promise((resolve) => setTimeout(resolve, 20)); // let the sampler start
  const run = scenario.implementation === 'ours' ? oursMatch : baselineMatch;
  const runsMs: number[] = [];
  let matched = 0;
  for (let r = 0; r < options.runs; r++) {
    const start = performance.now();
    matched = run(users, members, scenario.expressions);
    runsMs.push(performance.now() - start);
    gc?.();
  }
  const matchOneMicros =
    scenario.implementation === 'ours' ? timeMatchOne(users, members, scenario.expressions) : undefined;
  const sampledPeakRssMb = await sampler.stop();
  const sorted = [...runsMs].sort((a, b) => a - b);
  return {
    name,
    implementation: scenario.implementation,
    expressions: scenario.expressions,
    runsMs: runsMs.map((ms) => Math.round(ms)),
    bestMs: Math.round(sorted[0]!),
    medianMs: Math.round(sorted[Math.floor(sorted.length / 2)]!),
    dataRssMb: Math.round(dataRssMb),
    sampledPeakRssMb: Math.round(sampledPeakRssMb),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    matched,
    ...(matchOneMicros === undefined ? {} : { matchOneMicros }),
  };
}

/** Test Slack's path: index the directory once, then resolve users one at a time. */
function timeMatchOne(users: UserRecord[], members: SlackMember[], expressions: ExpressionSet): number {
  const matcher = buildMatcher(EXPRESSIONS[expressions]);
  const index = matcher.indexDirectory(members);
  const calls = Math.min(users.length, 20_000);
  const start = performance.now();
  let matched = 0;
  for (let i = 0; i < calls; i++) if (matcher.matchOne(users[i]!, index).status === 'matched') matched++;
  const micros = ((performance.now() - start) * 1000) / calls;
  if (matched === 0) throw new Error('matchOne matched nobody');
  return Number(micros.toFixed(1));
}

// ---------------------------------------------------------------------------------------------
// Parent: run every scenario in its own process, print the table

function runChild(name: string, options: Options): Promise<ScenarioReport> {
  return new Promise((resolve, reject) => {
    const child = fork(
      __filename,
      [
        '--scenario',
        name,
        '--users',
        String(options.users),
        '--members',
        String(options.members),
        '--runs',
        String(options.runs),
      ],
      { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    let report: ScenarioReport | undefined;
    child.on('message', (message) => {
      report = message as ScenarioReport;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && report) resolve(report);
      else reject(new Error(`scenario ${name} exited with ${code}`));
    });
  });
}

function parseOptions(argv: string[]): Options & { scenario?: string } {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const count = (flag: string, fallback: number) => {
    const raw = value(flag);
    const parsed = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${flag} must be a positive integer`);
    return parsed;
  };
  return {
    users: count('--users', 100_000),
    members: count('--members', 100_000),
    runs: count('--runs', 5),
    scenario: value('--scenario'),
  };
}

function pad(text: string | number, width: number, right = false): string {
  const s = String(text);
  return right ? s.padStart(width) : s.padEnd(width);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.scenario) {
    const report = await runScenario(options.scenario, options);
    process.send?.(report);
    return;
  }
  const started = performance.now();
  const reports: ScenarioReport[] = [];
  for (const scenario of SCENARIOS) reports.push(await runChild(scenario.name, options));
  const baselineOf = (set: ExpressionSet) =>
    reports.find((r) => r.implementation === 'baseline' && r.expressions === set)!;

  console.log(
    `User matching: ${options.users.toLocaleString('en')} PlusPlus users × ${options.members.toLocaleString('en')} ` +
      `Slack members, best of ${options.runs} runs, node ${process.version}`,
  );
  const header = [
    pad('scenario', 17),
    pad('expressions', 56),
    pad('best ms', 8, true),
    pad('median', 7, true),
    pad('ratio', 6, true),
    pad('data MB', 8, true),
    pad('peak MB', 8, true),
    pad('maxRSS', 7, true),
    pad('matched', 8, true),
    pad('matchOne µs', 11, true),
  ].join('  ');
  console.log(header);
  console.log('-'.repeat(header.length));
  const rows = reports.map((r) => {
    const base = baselineOf(r.expressions);
    const ratio = r.bestMs / Math.max(1, base.bestMs);
    const e = EXPRESSIONS[r.expressions];
    console.log(
      [
        pad(r.name, 17),
        pad(`${e.plusplusExpression} ↔ ${e.slackExpression}`, 56),
        pad(r.bestMs, 8, true),
        pad(r.medianMs, 7, true),
        pad(`${ratio.toFixed(2)}×`, 6, true),
        pad(r.dataRssMb, 8, true),
        pad(r.sampledPeakRssMb, 8, true),
        pad(r.maxRssMb, 7, true),
        pad(r.matched, 8, true),
        pad(r.matchOneMicros ?? '', 11, true),
      ].join('  '),
    );
    return { ...r, ratio: Number(ratio.toFixed(2)), agreesWithBaseline: r.matched === base.matched };
  });
  const ours = rows.filter((r) => r.implementation === 'ours');
  const worstRatio = Math.max(...ours.map((r) => r.ratio));
  const worstPeak = Math.max(...ours.map((r) => Math.max(r.sampledPeakRssMb, r.maxRssMb)));
  console.log('-'.repeat(header.length));
  console.log(
    `goals: ratio ours/baseline ≤ ${GOALS.ratio}× (worst ${worstRatio.toFixed(2)}×: ` +
      `${worstRatio <= GOALS.ratio ? 'met' : 'MISSED'}); peak RSS < ${GOALS.peakRssMb} MB ` +
      `(worst ${worstPeak} MB: ${worstPeak < GOALS.peakRssMb ? 'met' : 'MISSED'}); ` +
      `same matched count as the baseline: ${ours.every((r) => r.agreesWithBaseline) ? 'yes' : 'NO'}`,
  );
  console.log(
    JSON.stringify({
      bench: 'matching',
      users: options.users,
      members: options.members,
      runs: options.runs,
      node: process.version,
      goals: GOALS,
      worstRatio,
      worstPeakRssMb: worstPeak,
      totalSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      scenarios: rows,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
