import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Headless Chromium from the command line (Debian's `chromium` package): no Playwright or
 * Puppeteer, no DevTools protocol. `--dump-dom` gives the DOM after the page loaded,
 * `--screenshot` a PNG. Each run gets a fresh profile directory and makes no network calls of its
 * own (no updates, sync, field trials or QUIC).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = (): boolean => existsSync(CHROMIUM);

/** Headless, a throw-away profile, and no network calls of Chromium's own (cdp.ts uses them too). */
export function chromiumFlags(profile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--disable-dev-shm-usage',
    `--user-data-dir=${profile}`,
  ];
}

function run(args: string[], timeoutMs = 60_000): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'pp-chromium-'));
  const all = [...chromiumFlags(profile), '--hide-scrollbars', ...args];
  return new Promise((resolve, reject) => {
    execFile(CHROMIUM, all, { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      rmSync(profile, { recursive: true, force: true });
      if (error) reject(new Error(`chromium failed: ${error.message}\n${stderr.slice(-2000)}`));
      else resolve(stdout);
    });
  });
}

/** The DOM of `url` after load, serialized. */
export const dumpDom = (url: string): Promise<string> => run(['--dump-dom', url]);

/** A PNG of `url` at `width`×`height` CSS pixels. */
export async function screenshot(url: string, file: string, width = 1200, height = 1600): Promise<void> {
  await run([`--screenshot=${file}`, `--window-size=${width},${height}`, url]);
}
