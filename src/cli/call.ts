import { parseConfig } from '../config';
import { signedHeaders } from '../internal-api/signature';
import { readLocalEndpoints } from '../platform/local-endpoints';
import { readLocalSecrets } from '../platform/local-secrets';

/**
 * `npm run call -- METHOD PATH [JSON]`: a signed request to the internal API, for people and
 * scripts. It reads the app's configuration: the secret is PLUSPLUS_SIGNING_SECRET, or in sandbox
 * mode the one the app generated into DATA_DIR; the address is INTERNAL_HOST/INTERNAL_PORT when
 * either is set here, else where the last `npm start` in sandbox mode listened (DATA_DIR/endpoints.json),
 * else the defaults.
 */
const USAGE = `usage: npm run call -- METHOD /internal/v1/... ['{"json":"body"}']
  e.g. npm run call -- PUT /internal/v1/tenants/acme/users/u1 '{"email":"ada@example.com"}'`;

async function main(argv: string[]): Promise<number> {
  const [methodArg, path, body = ''] = argv;
  if (!methodArg || !path?.startsWith('/')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const method = methodArg.toUpperCase();
  const config = parseConfig(process.env);
  const secret = config.plusplusSigningSecret ?? readLocalSecrets(config.dataDir)?.plusplusSigningSecret;
  if (!secret) {
    process.stderr.write(
      'No signing secret: set PLUSPLUS_SIGNING_SECRET, or start the app once in sandbox mode.\n',
    );
    return 2;
  }
  const url = `${internalBase(config)}${path}`;
  const headers: Record<string, string> = { ...signedHeaders(secret, method, url, body) };
  if (body) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: body || undefined });
  } catch (error) {
    process.stderr.write(`Could not reach ${url}: ${(error as Error).message}. Is the app running?\n`);
    return 1;
  }
  const text = await response.text();
  process.stdout.write(`HTTP ${response.status}\n`);
  try {
    process.stdout.write(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  } catch {
    if (text) process.stdout.write(`${text}\n`);
  }
  return response.ok ? 0 : 1;
}

function internalBase(config: ReturnType<typeof parseConfig>): string {
  const explicit = process.env.INTERNAL_PORT !== undefined || process.env.INTERNAL_HOST !== undefined;
  const kept = explicit ? undefined : readLocalEndpoints(config.dataDir);
  if (kept) return kept.internalUrl.replace(/\/+$/, '').replace('//0.0.0.0:', '//127.0.0.1:');
  const host = config.internalHost === '0.0.0.0' ? '127.0.0.1' : config.internalHost;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.internalPort}`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  },
);
