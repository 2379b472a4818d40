#!/usr/bin/env node
/**
 * `npm start` (and migrate, call, manifest) build first, but only when something changed: a full
 * `tsc` takes tens of seconds, and a production install (`npm ci --omit=dev`) has no TypeScript.
 *
 * dist/ is up to date when dist/.build-stamp exists, lists the same source files as now, and is
 * newer than every one of them (and the tsconfig files and package-lock.json). Otherwise this runs
 * `tsc -p tsconfig.build.json` and writes the stamp only after it succeeds. Without TypeScript
 * installed (a production artifact) an existing dist/ is used as it is. `--force` always builds.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stampFile = path.join(root, 'dist', '.build-stamp');
const buildConfig = path.join(root, 'tsconfig.build.json');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

// A production artifact (dist/ without sources or TypeScript): use dist/ as it is.
if (!existsSync(buildConfig) || !existsSync(tsc)) {
  if (existsSync(path.join(root, 'dist', 'src', 'main.js'))) process.exit(0);
  process.stderr.write('dist/ is missing and TypeScript is not installed: run `npm ci` first.\n');
  process.exit(1);
}
const SOURCE_DIRS = JSON.parse(readFileSync(buildConfig, 'utf8')).include;
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function sources() {
  const files = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|json)$/.test(entry.name)) files.push(full);
    }
  };
  for (const dir of SOURCE_DIRS) walk(path.join(root, dir));
  return files.map((f) => path.relative(root, f)).sort();
}

function staleReason(files) {
  if (!existsSync(stampFile)) return 'no build yet';
  const stampTime = statSync(stampFile).mtimeMs;
  if (readFileSync(stampFile, 'utf8') !== files.join('\n')) return 'source files added or removed';
  for (const f of [...files, ...CONFIG_FILES]) {
    const full = path.join(root, f);
    // 1 ms of slack: file systems and utimes round sub-millisecond times differently.
    if (existsSync(full) && statSync(full).mtimeMs > stampTime + 1) return `${f} changed`;
  }
  return null;
}

const files = sources();
// `--force` (npm run build): always build, and leave the stamp for the next `npm start`.
const reason = process.argv.includes('--force') ? 'npm run build' : staleReason(files);
if (reason === null) process.exit(0);

if (!process.argv.includes('--force')) process.stderr.write(`building (${reason}) …\n`);
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stampFile, files.join('\n'));
// A source dated in the future (clock skew, an unpacked archive) must not force a build every start.
const newest = Math.max(
  Date.now(),
  ...[...files, ...CONFIG_FILES]
    .map((f) => path.join(root, f))
    .filter(existsSync)
    .map((f) => statSync(f).mtimeMs),
);
utimesSync(stampFile, new Date(Math.ceil(newest)), new Date(Math.ceil(newest)));
