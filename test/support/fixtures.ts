/**
 * Locates the vendored third-party fixtures in test/fixtures (where each folder came from and its
 * licence: test/fixtures/SOURCES.md). They live in the repository so a clone alone passes the tests.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root (this file lives in <root>/test/support). */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The vendored fixtures directory, <root>/test/fixtures. */
export const FIXTURES_DIR = path.resolve(REPO_ROOT, 'test/fixtures');

/**
 * Absolute path of a vendored fixture, e.g. `fixturePath('slack-manifest-schema', 'manifest.schema.json')`.
 * Throws a clear error (instead of a bare ENOENT deep inside a test) when it does not exist.
 */
export function fixturePath(...parts: string[]): string {
  const full = path.resolve(FIXTURES_DIR, ...parts);
  if (!existsSync(full)) {
    throw new Error(
      `Fixture not found: ${full}. Vendored fixtures live in ${FIXTURES_DIR}; see test/fixtures/SOURCES.md.`,
    );
  }
  return full;
}
