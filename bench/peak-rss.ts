/**
 * Preload that records a Node process's peak memory: `node --require dist/bench/peak-rss.js …`
 * (bench/index.ts puts it in NODE_OPTIONS, so every Node process a benchmark starts — its scenario
 * children, load generators, the app under test — loads it too).
 *
 * When `PEAK_RSS_LOG` names a file, the process appends one JSON line to it as it exits:
 * `{"pid","ppid","script","args","maxRssMb"}`, with `process.resourceUsage().maxRSS` (the
 * kernel's high-water mark of this process's resident set, self only, children not included).
 * The 'exit' event also fires on `process.exit()`; a process killed by a signal it does not handle
 * writes nothing. Worker threads share the process's figure and are skipped.
 */
import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isMainThread } from 'node:worker_threads';

export interface PeakRssRecord {
  pid: number;
  ppid: number;
  /** The script's file name, e.g. `main.js`. */
  script: string;
  /** The script's arguments (the first few), to tell scenario children apart. */
  args: string[];
  maxRssMb: number;
}

const file = process.env.PEAK_RSS_LOG;
if (file && isMainThread) {
  process.on('exit', () => {
    const record: PeakRssRecord = {
      pid: process.pid,
      ppid: process.ppid,
      script: process.argv[1] ? basename(process.argv[1]) : '(eval)',
      args: process.argv.slice(2, 6),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    try {
      appendFileSync(file, `${JSON.stringify(record)}\n`);
    } catch {
      // Memory accounting must never change how a process exits.
    }
  });
}
