import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildManifest, formatManifest } from '../../../src/slack/manifest';
import { REPO_ROOT } from '../../support/fixtures';

/**
 * `npm run manifest -- --public-url https://…` (docs/deploy.md): the flag reaches the manifest CLI
 * (it used to be appended to the Biome command), and the file it writes is already formatted as
 * the repository's formatter prints it. Runs npm and the built CLI (`npm run build` first).
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plusplus-manifest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const npm = (args: string[]) =>
  spawnSync('npm', ['run', '--silent', 'manifest', '--', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

/** What Biome (the repository's formatter, biome.json) makes of a JSON text. */
const biomeFormat = (text: string) =>
  spawnSync(join(REPO_ROOT, 'node_modules/.bin/biome'), ['format', '--stdin-file-path=manifest.json'], {
    cwd: REPO_ROOT,
    input: text,
    encoding: 'utf8',
  }).stdout;

it('writes the manifest for the given URL, formatted, where --out says', () => {
  const out = join(dir, 'manifest.json');
  const url = 'https://slack.acme.example/plusplus';
  const run = npm(['--public-url', url, '--out', out]);
  expect(run.status).toBe(0);
  expect(run.stderr).toContain(`wrote ${out} for ${url}`);
  const text = readFileSync(out, 'utf8');
  expect(JSON.parse(text)).toEqual(buildManifest({ publicUrl: url }));
  expect(text).toContain(`"request_url": "${url}/slack/events"`);
  expect(text).toContain(`"redirect_urls": ["${url}/slack/oauth_redirect"]`);
  expect(biomeFormat(text)).toBe(text);
});

it('prints the Socket Mode manifest with --socket-mode (the .slack get-manifest hook runs this)', () => {
  const run = npm(['--socket-mode', '--out', '-']);
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual(buildManifest({ socketMode: true }));
  expect(run.stdout).toContain('"socket_mode_enabled": true');
  expect(run.stdout).not.toContain('request_url');
  expect(biomeFormat(run.stdout)).toBe(run.stdout);
});

it('gives the Slack CLI its hooks: a start in Socket Mode and the Socket Mode manifest (.slack/hooks.json)', () => {
  const declared = JSON.parse(readFileSync(join(REPO_ROOT, '.slack', 'hooks.json'), 'utf8'));
  const [cmd, ...args] = declared.hooks['get-hooks'].split(' ');
  const got = spawnSync(cmd, args, { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(got.status).toBe(0);
  const sdk = JSON.parse(got.stdout);
  expect(sdk.hooks.start).toBe('npm start');
  expect(sdk.config['sdk-managed-connection-enabled']).toBe(true);
  const [mcmd, ...margs] = sdk.hooks['get-manifest'].split(' ');
  const manifest = spawnSync(mcmd, margs, { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(manifest.status).toBe(0);
  expect(JSON.parse(manifest.stdout)).toEqual(buildManifest({ socketMode: true }));
});

it('formats as Biome does on both sides of the line width', () => {
  // The redirect_urls line is the URL plus 47 columns: at a 63-character URL it no longer fits in 110.
  for (let length = 55; length <= 75; length += 1) {
    const url = `https://${'a'.repeat(length - 'https://'.length - '.example'.length)}.example`;
    const text = formatManifest(buildManifest({ publicUrl: url }));
    expect({ length, text: biomeFormat(text) }).toEqual({ length, text });
  }
});

it('refuses a URL Slack would refuse, or an unknown flag, and writes nothing', () => {
  const out = join(dir, 'refused.json');
  const http = npm(['--public-url', 'http://slack.acme.example', '--out', out]);
  expect(http.status).toBe(1);
  expect(http.stderr).toContain('publicUrl must use https');
  const typo = npm(['--public-ur', 'https://slack.acme.example', '--out', out]);
  expect(typo.status).toBe(1);
  expect(typo.stderr).toContain('unknown option --public-ur');
  expect(existsSync(out)).toBe(false);
});

it('prints to stdout with --out -, and the checked-in manifest.json is what it prints by default', () => {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'dist/src/cli/manifest.js'), '--out', '-'], {
    encoding: 'utf8',
  });
  expect(run.status).toBe(0);
  expect(run.stdout).toBe(readFileSync(join(REPO_ROOT, 'manifest.json'), 'utf8'));
});
