/**
 * Prints the Slack app manifest as JSON: `npm run manifest` regenerates the checked-in
 * manifest.json. Pass `--public-url https://…` to print the manifest for another deployment
 * (paste it into "App Manifest" on api.slack.com/apps); the default is the production URL.
 * Reads only its arguments, like every module here (no environment variables).
 */
import { buildManifest, formatManifest, PRODUCTION_PUBLIC_URL } from '../slack/manifest';

function parsePublicUrl(argv: readonly string[]): string {
  const flag = argv.findIndex((arg) => arg === '--public-url' || arg.startsWith('--public-url='));
  if (flag < 0) return PRODUCTION_PUBLIC_URL;
  const arg = argv[flag]!;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[flag + 1];
  if (!value) throw new Error('--public-url needs a value, e.g. --public-url https://slack.example.com');
  return value;
}

try {
  process.stdout.write(formatManifest(buildManifest({ publicUrl: parsePublicUrl(process.argv.slice(2)) })));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
