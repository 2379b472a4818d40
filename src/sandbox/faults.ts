/**
 * Fault injection: the next N calls of a method (optionally only for one workspace) answer a given
 * Slack error, an HTTP status, a delay before the normal answer, or a dropped connection.
 */
import { SandboxUsageError } from './errors';

export type FaultKind =
  /** Answer HTTP 200 `{"ok":false,"error":code}`. */
  | { error: string }
  /** Answer this HTTP status (500, 502, 503 …) with a short non-Slack body. */
  | { status: number }
  /** Wait this long, then answer normally. */
  | { delayMs: number }
  /** Destroy the socket without answering. */
  | { drop: true };

export interface FaultSpec {
  /** Web API method, e.g. `chat.postMessage`; `*` matches every method. */
  method: string;
  teamId?: string;
  /** How many calls it affects (default 1). */
  count?: number;
  fault: FaultKind;
}

interface ActiveFault {
  method: string;
  teamId?: string;
  remaining: number;
  fault: FaultKind;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];

  inject(spec: FaultSpec): void {
    const f = spec.fault as Record<string, unknown> | undefined;
    if (!f || !('error' in f || 'status' in f || 'delayMs' in f || 'drop' in f)) {
      throw new SandboxUsageError('fault must be one of {error}, {status}, {delayMs}, {drop:true}');
    }
    if (!spec.method) throw new SandboxUsageError('fault needs a method');
    this.faults.push({
      method: spec.method,
      teamId: spec.teamId,
      remaining: spec.count ?? 1,
      fault: spec.fault,
    });
  }

  /** Takes the first fault that applies to this call, if any, and counts it down. */
  take(method: string, teamId: string | null): FaultKind | undefined {
    const i = this.faults.findIndex(
      (f) => (f.method === method || f.method === '*') && (f.teamId === undefined || f.teamId === teamId),
    );
    if (i < 0) return undefined;
    const f = this.faults[i];
    if (--f.remaining <= 0) this.faults.splice(i, 1);
    return f.fault;
  }

  pending(): Array<{ method: string; teamId?: string; remaining: number; fault: FaultKind }> {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}
