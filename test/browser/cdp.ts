import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { freePort } from '../support/sandbox-env';
import { CHROMIUM, chromiumFlags } from './chromium';

/**
 * A headless Chromium driven over the DevTools protocol, for tests that click and type in a page
 * (chromium.ts only loads one). Debian's `chromium` and the `ws` package the app already has: no
 * Playwright or Puppeteer download. One page per browser; the browser is killed on close.
 */
export class CdpPage {
  private id = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(
    private readonly chrome: ChildProcess,
    private readonly ws: WebSocket,
    private readonly profile: string,
  ) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    });
  }

  static async launch(): Promise<CdpPage> {
    const port = await freePort();
    const profile = mkdtempSync(join(tmpdir(), 'pp-cdp-'));
    const chrome = spawn(
      CHROMIUM,
      [
        ...chromiumFlags(profile),
        '--window-size=1200,1000',
        `--remote-debugging-port=${port}`,
        'about:blank',
      ],
      { stdio: 'ignore' },
    );
    let target: { webSocketDebuggerUrl: string } | undefined;
    const end = Date.now() + 30_000;
    while (!target && Date.now() < end) {
      try {
        const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
          type: string;
          webSocketDebuggerUrl: string;
        }>;
        target = list.find((t) => t.type === 'page');
      } catch {
        // not listening yet
      }
      if (!target) await new Promise((r) => setTimeout(r, 100));
    }
    if (!target) {
      chrome.kill('SIGKILL');
      throw new Error('chromium did not open its DevTools port');
    }
    const ws = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new CdpPage(chrome, ws, profile);
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.id;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) =>
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }),
    );
  }

  /** The value of a JavaScript expression in the page. */
  async eval<T = unknown>(expression: string): Promise<T> {
    const r = await this.send<{ result: { value: T }; exceptionDetails?: { text: string } }>(
      'Runtime.evaluate',
      {
        expression,
        returnByValue: true,
        awaitPromise: true,
      },
    );
    if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.text}`);
    return r.result.value;
  }

  async goto(url: string): Promise<void> {
    await this.send('Page.navigate', { url });
    await this.waitFor(`location.href === ${JSON.stringify(url)} && document.readyState === 'complete'`);
  }

  /** Waits until `expression` is truthy in the page (across the reloads a form post causes). */
  async waitFor(expression: string, timeoutMs = 15_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < end) {
      try {
        if (await this.eval<boolean>(`Boolean(${expression})`)) return;
      } catch (e) {
        last = e; // the page is navigating
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const text = await this.text().catch(() => '(no page)');
    throw new Error(
      `timed out waiting for ${expression} (${String(last ?? '')})\npage text:\n${text.slice(0, 3000)}`,
    );
  }

  /** A real click on the element (the browser submits its form). */
  async click(selector: string): Promise<void> {
    await this.waitFor(`document.querySelector(${JSON.stringify(selector)})`);
    await this.eval(`document.querySelector(${JSON.stringify(selector)}).click()`);
  }

  /** Types into an input: sets its value and fires `input`, as typing does. */
  async type(selector: string, text: string): Promise<void> {
    await this.waitFor(`document.querySelector(${JSON.stringify(selector)})`);
    await this.eval(
      `(() => { const el = document.querySelector(${JSON.stringify(selector)}); el.focus(); el.value = ${JSON.stringify(text)}; el.dispatchEvent(new Event('input', { bubbles: true })); })()`,
    );
  }

  text(): Promise<string> {
    return this.eval<string>('document.body ? document.body.innerText : ""');
  }

  async close(): Promise<void> {
    this.ws.close();
    this.chrome.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    rmSync(this.profile, { recursive: true, force: true });
  }
}
