/**
 * The origins a Connect `return_url` may point to (RETURN_URL_ORIGINS, design §3): after OAuth the
 * admin's browser is sent there, so an open list would make the app an open redirector. An entry
 * is an origin (`https://admin.plusplus.example`, `http://localhost:8080`) or a wildcard over the
 * subdomains of one (`https://*.plusplus.example`: every tenant's own subdomain, not the bare
 * domain).
 */
export interface OriginPattern {
  protocol: 'http:' | 'https:';
  /** Lower-case host name, without the `*.` of a wildcard. */
  host: string;
  /** The port as in URL#port: '' for the protocol's default. */
  port: string;
  wildcard: boolean;
}

/** Parses one entry; a string saying what is wrong when it is not an origin. */
export function parseOriginPattern(text: string): OriginPattern | string {
  const wildcard = /^https?:\/\/\*\./i.test(text);
  let url: URL;
  try {
    url = new URL(wildcard ? text.replace('*.', '') : text);
  } catch {
    return `"${text}" is not an origin like https://admin.example.com`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `"${text}" must be http(s)`;
  if (
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    (url.pathname !== '/' && url.pathname !== '')
  ) {
    return `"${text}" must be an origin only (scheme, host, optional port), without a path`;
  }
  if (text.endsWith('/')) return `"${text}" must be an origin only, without a trailing slash`;
  return { protocol: url.protocol, host: url.hostname.toLowerCase(), port: url.port, wildcard };
}

/** Parses a comma-separated list; every problem is reported. */
export function parseOriginList(text: string | undefined): { origins: OriginPattern[]; problems: string[] } {
  const origins: OriginPattern[] = [];
  const problems: string[] = [];
  for (const entry of (text ?? '').split(',').map((e) => e.trim())) {
    if (entry === '') continue;
    const parsed = parseOriginPattern(entry);
    if (typeof parsed === 'string') problems.push(parsed);
    else origins.push(parsed);
  }
  return { origins, problems };
}

/** True when `url` (already a valid http(s) URL) lies under one of `allowed`. */
export function originAllowed(allowed: readonly OriginPattern[], url: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const host = target.hostname.toLowerCase();
  return allowed.some(
    (o) =>
      o.protocol === target.protocol &&
      o.port === target.port &&
      (o.wildcard ? host.endsWith(`.${o.host}`) : host === o.host),
  );
}

/** The origin of a URL the app itself serves (PUBLIC_URL, the sandbox) as an exact pattern. */
export function exactOrigin(url: string): OriginPattern {
  const parsed = parseOriginPattern(new URL(url).origin);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}
