/**
 * Keeps the sandbox's snapshot (snapshot.ts) in one JSON file: read once at start, written after
 * changes (debounced: at most one write per `debounceMs`), atomically (a temporary file, then a
 * rename, so a crash mid-write leaves the previous snapshot), mode 600 (it holds the fake Slack's
 * tokens). A snapshot larger than `maxBytes` is not written (logged once): the file stays bounded.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../platform/logger';
import { type SandboxSnapshot, SNAPSHOT_VERSION, snapshotOf } from './snapshot';
import type { SandboxState } from './state';

export interface SnapshotFileOptions {
  debounceMs?: number;
  maxBytes?: number;
  logger?: Logger;
}

export class SnapshotFile {
  private timer: NodeJS.Timeout | null = null;
  private state: SandboxState | null = null;
  private warnedTooLarge = false;
  private readonly debounceMs: number;
  private readonly maxBytes: number;

  constructor(
    readonly path: string,
    private readonly o: SnapshotFileOptions = {},
  ) {
    this.debounceMs = o.debounceMs ?? 500;
    this.maxBytes = o.maxBytes ?? 32 * 1024 * 1024;
  }

  /** The kept snapshot, or null when there is none or it cannot be used (then the sandbox starts fresh). */
  load(): SandboxSnapshot | null {
    if (!existsSync(this.path)) return null;
    try {
      const s = JSON.parse(readFileSync(this.path, 'utf8')) as SandboxSnapshot;
      if (s.version !== SNAPSHOT_VERSION) throw new Error(`version ${s.version}`);
      return s;
    } catch (error) {
      this.o.logger?.warn({ err: error, file: this.path }, 'sandbox snapshot unreadable: starting fresh');
      return null;
    }
  }

  /** From now on, changes to `state` are written (after `schedule()` says there was one). */
  attach(state: SandboxState): void {
    this.state = state;
  }

  /** Something changed: write within `debounceMs`. */
  schedule(): void {
    if (!this.state || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.write();
    }, this.debounceMs);
    this.timer.unref();
  }

  /** Writes now if a write is pending (on stop). */
  flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.write();
  }

  /** Writes now. */
  write(): void {
    if (!this.state) return;
    const text = JSON.stringify(snapshotOf(this.state));
    if (Buffer.byteLength(text) > this.maxBytes) {
      if (!this.warnedTooLarge)
        this.o.logger?.warn(
          { bytes: Buffer.byteLength(text), maxBytes: this.maxBytes },
          'sandbox snapshot too large: not kept (a restart starts the fake Slack fresh)',
        );
      this.warnedTooLarge = true;
      return;
    }
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(tmp, text, { mode: 0o600 });
      renameSync(tmp, this.path);
    } catch (error) {
      rmSync(tmp, { force: true });
      this.o.logger?.warn({ err: error, file: this.path }, 'sandbox snapshot not written');
    }
  }
}
