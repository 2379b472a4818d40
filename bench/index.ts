/**
 * `npm run bench`: runs every benchmark in its own process (so each one's memory is its own),
 * prints one table of the headline figures with their baselines and goals, and writes everything
 * to bench/results/<date>.json. Loopback only; each bench bounds its own counts and time.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function lastJsonLine(script: string, args: string[] = []): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [join(__dirname, script), ...args], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 10 * 60_000,
  });
  process.stdout.write(stdout);
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line) throw new Error(`${script} printed no JSON result`);
  return JSON.parse(line) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const matching = await lastJsonLine('matching.js');
  const delivery = await lastJsonLine('delivery.js');
  const accept = delivery.accept as Record<string, number>;
  const deliver = delivery.delivery as Record<string, number>;
  const rows: Array<[string, string, string, string]> = [
    [
      'matching 100k x 100k (worst ratio to bare jmespath + hash join)',
      `${Number(matching.worstRatio).toFixed(2)}x`,
      '<= 5x',
      Number(matching.worstRatio) <= 5 ? 'met' : 'MISSED',
    ],
    [
      'matching peak RSS',
      `${matching.worstPeakRssMb} MB`,
      '< 500 MB',
      Number(matching.worstPeakRssMb) < 500 ? 'met' : 'MISSED',
    ],
    [
      `accept POST /notifications (${Math.round(accept.per_second)}/s vs INSERT ${Math.round(accept.baseline_pg_insert_per_second)}/s)`,
      `${accept.ratio}`,
      '>= 0.5',
      accept.ratio >= 0.5 ? 'met' : 'MISSED',
    ],
    [
      `delivery vs configured Slack pace (${deliver.measured_per_second}/s vs ${deliver.configured_per_second}/s, lost ${deliver.lost})`,
      `${deliver.ratio}`,
      '>= 0.9, 0 lost',
      deliver.ratio >= 0.9 && deliver.lost === 0 ? 'met' : 'MISSED',
    ],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\n${'figure'.padEnd(width)}  value       goal            result`);
  for (const [name, value, goal, result] of rows) {
    console.log(`${name.padEnd(width)}  ${value.padEnd(10)}  ${goal.padEnd(14)}  ${result}`);
  }
  const dir = resolve(__dirname, '../../bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, matching, delivery }, null, 2)}\n`,
  );
  console.log(`\nresults written to ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
