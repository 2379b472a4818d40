/**
 * The Slack app manifest for a deployment. `npm run manifest` regenerates the checked-in
 * manifest.json (production URL); `npm run manifest -- --public-url https://slack.example.com`
 * writes manifest.json for that URL instead, to paste into "App Manifest" on api.slack.com/apps
 * (docs/deploy.md). `--socket-mode` builds the Socket Mode manifest instead (`socket_mode_enabled`, no
 * request URLs; `--public-url` then only adds the OAuth redirect URL): what `slack run` and "create
 * an app from a manifest" for development use (docs/development.md; the `.slack/hooks.json`
 * get-manifest hook prints it). `--out FILE` writes elsewhere, `--out -` prints it. Formatted as the repository's
 * formatter would (formatManifest), so no formatter runs afterwards.
 * Reads only its arguments, like every module here (no environment variables).
 */
import { writeFileSync } from 'node:fs';
import { buildManifest, formatManifest, PRODUCTION_PUBLIC_URL } from '../slack/manifest';

/** The value of `--name VALUE` or `--name=VALUE`; the last one given wins (npm appends user args). */
function option(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === name) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
      i++;
    } else if (arg.startsWith(`${name}=`)) {
      value = arg.slice(name.length + 1);
      if (!value) throw new Error(`${name} needs a value`);
    }
  }
  return value;
}

function main(argv: readonly string[]): void {
  const known = new Set(['--public-url', '--out', '--socket-mode']);
  const unknown = argv.filter((a) => a.startsWith('--') && !known.has(a.split('=')[0]!));
  if (unknown.length > 0) {
    throw new Error(
      `unknown option ${unknown.join(', ')}; usage: npm run manifest -- [--socket-mode] [--public-url https://…] [--out FILE|-]`,
    );
  }
  const socketMode = argv.includes('--socket-mode');
  const publicUrl = option(argv, '--public-url') ?? (socketMode ? undefined : PRODUCTION_PUBLIC_URL);
  const text = formatManifest(buildManifest({ publicUrl, socketMode }));
  const out = option(argv, '--out') ?? '-';
  if (out === '-') {
    process.stdout.write(text);
    return;
  }
  writeFileSync(out, text);
  process.stderr.write(`wrote ${out} for ${socketMode ? 'Socket Mode' : publicUrl}\n`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
