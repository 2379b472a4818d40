/** What a visit ended on. */
export interface Visit {
  status: number;
  /** The last URL fetched. */
  url: string;
  /** Where the chain of redirects ended when it left the app and the sandbox (e.g. return_url). */
  location?: string;
  body: string;
  hops: string[];
}

const isLoopback = (u: string) => ['127.0.0.1', 'localhost'].includes(new URL(u).hostname);

/**
 * As much of a browser as Connect needs, offline (tests and `npm run demo`, like the driver is for
 * Slack's requests): follows redirects between the app and the sandbox, keeps cookies per host
 * (the OAuth state cookie), and stops at the first URL outside both (PlusPlus's return_url).
 */
export class Browser {
  /** Cookies per host; public so a test can plant a forged one. */
  readonly cookies = new Map<string, Map<string, string>>();

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

  /** Follows redirects from `start` while `isLocal` says the next URL is the app's or the sandbox's. */
  async visit(start: string, isLocal: (url: string) => boolean = isLoopback): Promise<Visit> {
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
