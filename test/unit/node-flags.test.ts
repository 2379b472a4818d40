import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCTION_NODE_FLAGS } from '../../src/platform/node-flags';

/** npm start, the container and the benchmarks run the app with the same V8 flags. */
describe('production node flags', () => {
  const root = join(__dirname, '../..');

  it('npm start passes them', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<
      string,
      string
    >;
    expect(scripts.start).toContain(`node ${PRODUCTION_NODE_FLAGS.join(' ')} dist/src/main.js`);
  });

  it("the container's CMD passes them", () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd!)).toEqual(['node', ...PRODUCTION_NODE_FLAGS, 'dist/src/main.js']);
  });
});
