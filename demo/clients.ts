import { signedHeaders } from '../src/internal-api/signature';

/** What an HTTP call answered: the status and the parsed JSON body (or the text). */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The internal API as the PlusPlus backend calls it: JSON over HTTP, every request signed with
 * PLUSPLUS_SIGNING_SECRET (design §4), exactly what `npm run call` sends.
 */
export class InternalApi {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
  ) {}

  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the steps
  async call<T = any>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const raw = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = { ...signedHeaders(this.secret, raw) };
    if (raw) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: raw || undefined });
    return { status: res.status, body: (await readBody(res)) as T };
  }

  /** `call`, scoped to one tenant: `path` is below /internal/v1/tenants/{tenant}. */
  // biome-ignore lint/suspicious/noExplicitAny: as above
  tenant<T = any>(tenantId: string, method: string, path: string, body?: unknown): Promise<Answer<T>> {
    return this.call<T>(method, `/internal/v1/tenants/${tenantId}${path}`, body);
  }
}

/** The fake Slack's control API (`/_sandbox/…`, docs/sandbox.md): what a test or a Slack admin would do. */
export class FakeSlack {
  constructor(readonly url: string) {}

  // biome-ignore lint/suspicious/noExplicitAny: the control API's answers are plain JSON
  async control<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await readBody(res);
    if (!res.ok) {
      throw new Error(
        `fake Slack ${method} /_sandbox${path} answered ${res.status}: ${JSON.stringify(answer)}`,
      );
    }
    return answer as T;
  }
}

export interface Visit {
  status: number;
  /** The last URL fetched. */
  url: string;
  /** Where the redirects left the app and the fake Slack (PlusPlus's return_url), if they did. */
  location?: string;
  body: string;
  hops: string[];
}

/**
 * As much of a browser as Connect needs: follows redirects between the app and the fake Slack,
 * keeps cookies per host (the OAuth state cookie), and stops at the first URL outside both.
 */
export class Browser {
  private readonly cookies = new Map<string, Map<string, string>>();

  private cookieHeader(url: string): string {
    const jar = this.cookies.get(new URL(url).host);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }

  private store(url: string, setCookies: string[]): void {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    for (const c of setCookies) {
      const [pair, ...attrs] = c.split(';');
      const [name, ...value] = (pair ?? '').trim().split('=');
      if (!name) continue;
      const expired = attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired) jar.delete(name);
      else jar.set(name, value.join('='));
    }
    this.cookies.set(host, jar);
  }

  async visit(start: string): Promise<Visit> {
    const isLocal = (u: string) => ['127.0.0.1', 'localhost'].includes(new URL(u).hostname);
    let url = start;
    const hops: string[] = [];
    for (let i = 0; i < 10; i++) {
      hops.push(url);
      const cookie = this.cookieHeader(url);
      const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      this.store(url, res.headers.getSetCookie());
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        const next = new URL(location, url).toString();
        if (!isLocal(next)) return { status: res.status, url, location: next, body: await res.text(), hops };
        url = next;
        continue;
      }
      return { status: res.status, url, body: await res.text(), hops };
    }
    throw new Error(`too many redirects: ${hops.join(' -> ')}`);
  }
}
