import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/fixtures';

/**
 * scripts/build-if-stale.js (what `npm start` runs before the app): tsc runs when a source changed,
 * was added or removed, and not otherwise; a production artifact without TypeScript uses dist/.
 * Runs the script in a scratch project whose "tsc" only counts its runs and writes dist/.
 */
let root: string;
const FAKE_TSC = `
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '../../..');
fs.mkdirSync(path.join(root, 'dist/src'), { recursive: true });
fs.writeFileSync(path.join(root, 'dist/src/main.js'), '');
fs.appendFileSync(path.join(root, 'tsc-runs'), 'x');
process.exit(fs.existsSync(path.join(root, 'fail')) ? 2 : 0);
`;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'plusplus-build-'));
  mkdirSync(join(root, 'scripts'));
  copyFileSync(join(REPO_ROOT, 'scripts/build-if-stale.js'), join(root, 'scripts/build-if-stale.js'));
  mkdirSync(join(root, 'node_modules/typescript/bin'), { recursive: true });
  writeFileSync(join(root, 'node_modules/typescript/bin/tsc'), FAKE_TSC);
  writeFileSync(join(root, 'tsconfig.build.json'), JSON.stringify({ include: ['src', 'views'] }));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src/a.ts'), 'export {};');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'scripts/build-if-stale.js'), ...args], { encoding: 'utf8' });
const runs = () => {
  try {
    return readFileSync(join(root, 'tsc-runs'), 'utf8').length;
  } catch {
    return 0;
  }
};
/** Moves a file's mtime into the future, as an edit after the last build would. */
const touchLater = (file: string) => {
  const t = new Date(Date.now() + 5000);
  utimesSync(join(root, file), t, t);
};

it('builds the first time, then only after a change, an added or a removed source', () => {
  expect(run().status).toBe(0);
  expect(runs()).toBe(1);
  expect(run().status).toBe(0);
  expect(run().status).toBe(0);
  expect(runs()).toBe(1);

  touchLater('src/a.ts');
  expect(run().stderr).toContain('building (src/a.ts changed)');
  expect(runs()).toBe(2);

  mkdirSync(join(root, 'views'));
  writeFileSync(join(root, 'views/b.ts'), 'export {};');
  expect(run().stderr).toContain('source files added or removed');
  rmSync(join(root, 'views/b.ts'));
  expect(run().stderr).toContain('source files added or removed');
  expect(runs()).toBe(4);

  writeFileSync(join(root, 'package-lock.json'), '{}');
  touchLater('package-lock.json');
  expect(run().stderr).toContain('package-lock.json changed');
  expect(run().status).toBe(0);
  expect(runs()).toBe(5);
});

it('--force always builds; a failed build leaves no stamp, so the next start builds again', () => {
  run();
  run('--force');
  expect(runs()).toBe(2);
  touchLater('src/a.ts');
  writeFileSync(join(root, 'fail'), '');
  expect(run().status).toBe(2);
  rmSync(join(root, 'fail'));
  expect(run().status).toBe(0);
  expect(runs()).toBe(4);
});

it('a production artifact (no TypeScript, no sources) runs dist/ as it is, and says so when dist/ is missing', () => {
  rmSync(join(root, 'node_modules'), { recursive: true });
  rmSync(join(root, 'tsconfig.build.json'));
  const missing = run();
  expect(missing.status).toBe(1);
  expect(missing.stderr).toContain('run `npm ci` first');
  mkdirSync(join(root, 'dist/src'), { recursive: true });
  writeFileSync(join(root, 'dist/src/main.js'), '');
  expect(run().status).toBe(0);
});
