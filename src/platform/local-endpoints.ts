import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a sandbox-mode process really listens (INTERNAL_PORT=0 or an INTERNAL_PORT exported in
 * another shell), kept in DATA_DIR so `npm run call` reaches the app without repeating its
 * environment. Written at start by `npm start` in sandbox mode only; never by in-process tests.
 */
export interface LocalEndpoints {
  internalUrl: string;
  publicUrl: string;
  pid: number;
  startedAt: string;
}

export const LOCAL_ENDPOINTS_FILE = 'endpoints.json';

export function writeLocalEndpoints(
  dataDir: string,
  e: Pick<LocalEndpoints, 'internalUrl' | 'publicUrl'>,
): void {
  const file = join(dataDir, LOCAL_ENDPOINTS_FILE);
  const body: LocalEndpoints = { ...e, pid: process.pid, startedAt: new Date().toISOString() };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(body, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** What the last sandbox-mode start wrote, if anything readable. */
export function readLocalEndpoints(dataDir: string): LocalEndpoints | undefined {
  const file = join(dataDir, LOCAL_ENDPOINTS_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const e = JSON.parse(readFileSync(file, 'utf8')) as LocalEndpoints;
    return typeof e.internalUrl === 'string' && /^https?:\/\//.test(e.internalUrl) ? e : undefined;
  } catch {
    return undefined;
  }
}
