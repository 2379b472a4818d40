import { originAllowed, parseOriginList } from '../../src/platform/return-url-origins';

describe('RETURN_URL_ORIGINS', () => {
  const { origins, problems } = parseOriginList(
    ' https://admin.plusplus.example , http://localhost:8080,https://*.tenants.example ',
  );

  it('parses origins and subdomain wildcards', () => {
    expect(problems).toEqual([]);
    expect(origins).toHaveLength(3);
  });

  it('allows URLs on an exact origin, with any path and query', () => {
    expect(originAllowed(origins, 'https://admin.plusplus.example/settings/slack?x=1')).toBe(true);
    expect(originAllowed(origins, 'https://ADMIN.plusplus.example/')).toBe(true);
    expect(originAllowed(origins, 'http://localhost:8080/back')).toBe(true);
  });

  it('refuses another scheme, port, host, or a look-alike', () => {
    expect(originAllowed(origins, 'http://admin.plusplus.example/settings')).toBe(false);
    expect(originAllowed(origins, 'https://admin.plusplus.example:8443/')).toBe(false);
    expect(originAllowed(origins, 'http://localhost/back')).toBe(false);
    expect(originAllowed(origins, 'https://evil.example/steal')).toBe(false);
    expect(originAllowed(origins, 'https://admin.plusplus.example.evil.example/')).toBe(false);
    expect(originAllowed(origins, 'https://evil.example/?u=https://admin.plusplus.example')).toBe(false);
    expect(originAllowed(origins, 'https://admin.plusplus.example@evil.example/')).toBe(false);
  });

  it('a wildcard covers subdomains, not the bare domain', () => {
    expect(originAllowed(origins, 'https://acme.tenants.example/x')).toBe(true);
    expect(originAllowed(origins, 'https://a.b.tenants.example/x')).toBe(true);
    expect(originAllowed(origins, 'https://tenants.example/x')).toBe(false);
    expect(originAllowed(origins, 'https://eviltenants.example/x')).toBe(false);
  });

  it('reports every entry that is not an origin', () => {
    const parsed = parseOriginList(
      'https://ok.example,ftp://x.example,https://a.example/path,not a url,https://b.example/',
    );
    expect(parsed.origins).toHaveLength(1);
    expect(parsed.problems).toHaveLength(4);
  });

  it('allows nothing when empty', () => {
    expect(parseOriginList(undefined).origins).toEqual([]);
    expect(originAllowed([], 'https://admin.plusplus.example/')).toBe(false);
  });
});
