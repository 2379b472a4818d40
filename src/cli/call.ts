import { parseConfig } from '../config';
import { signedHeaders } from '../internal-api/signature';
import { readLocalSecrets } from '../local-secrets';

/**
 * `npm run call -- METHOD PATH [JSON]`: a signed request to the internal API, for people and
 * scripts. The secret is PLUSPLUS_SIGNING_SECRET, or in sandbox mode the one the app generated.
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
  const host = config.internalHost === '0.0.0.0' ? '127.0.0.1' : config.internalHost;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.internalPort}${path}`;
  const headers: Record<string, string> = { ...signedHeaders(secret, body) };
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  },
);
