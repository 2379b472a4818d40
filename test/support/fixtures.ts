/**
 * Locates the shared third-party fixtures (../shared/fixtures next to the repository; see
 * ../shared/fixtures/SOURCES.md). Locally the repo is /work/main and shared is /work/shared; in CI
 * the clone sits next to a copy of shared/ the same way.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root (this file lives in <root>/test/support). */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The shared fixtures directory, <root>/../shared/fixtures. */
export const FIXTURES_DIR = path.resolve(REPO_ROOT, '../shared/fixtures');

/**
 * Absolute path of a shared fixture, e.g. `fixturePath('slack-manifest-schema', 'manifest.schema.json')`.
 * Throws a clear error (instead of a bare ENOENT deep inside a test) when it does not exist.
 */
export function fixturePath(...parts: string[]): string {
  const full = path.resolve(FIXTURES_DIR, ...parts);
  if (!existsSync(full)) {
    throw new Error(
      `Shared fixture not found: ${full}. The tests expect a copy of shared/fixtures next to the ` +
        `repository (${FIXTURES_DIR}); see shared/fixtures/SOURCES.md.`,
    );
  }
  return full;
}
