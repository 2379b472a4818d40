/** The call log and per-method counters the sandbox keeps for inspection. */

export interface CallRecord {
  seq: number;
  method: string;
  teamId: string | null;
  appId: string | null;
  /** Wall-clock ms when the request arrived. */
  at: number;
  /** HTTP status answered (200, 429, 500, 503; 0 for a dropped connection). */
  status: number;
  ok: boolean;
  error?: string;
  /** For chat.postMessage / conversations.*: the channel argument, to check per-channel pacing. */
  channel?: string;
}

export interface MethodCounters {
  calls: number;
  ok: number;
  errors: number;
  ratelimited: number;
}

const MAX_LOG = 200_000;

export class CallLog {
  private seq = 0;
  private entries: CallRecord[] = [];
  private counters = new Map<string, MethodCounters>();

  record(r: Omit<CallRecord, 'seq'>): CallRecord {
    const rec = { ...r, seq: ++this.seq };
    this.entries.push(rec);
    if (this.entries.length > MAX_LOG) this.entries.splice(0, this.entries.length - MAX_LOG);
    const c = this.counters.get(r.method) ?? { calls: 0, ok: 0, errors: 0, ratelimited: 0 };
    c.calls++;
    if (r.status === 429) c.ratelimited++;
    else if (r.ok) c.ok++;
    else c.errors++;
    this.counters.set(r.method, c);
    return rec;
  }

  calls(filter: { method?: string; teamId?: string; since?: number } = {}): CallRecord[] {
    return this.entries.filter(
      (e) =>
        (filter.method === undefined || e.method === filter.method) &&
        (filter.teamId === undefined || e.teamId === filter.teamId) &&
        (filter.since === undefined || e.at >= filter.since),
    );
  }

  counter(method: string): MethodCounters {
    return { ...(this.counters.get(method) ?? { calls: 0, ok: 0, errors: 0, ratelimited: 0 }) };
  }

  allCounters(): Record<string, MethodCounters> {
    return Object.fromEntries([...this.counters].map(([k, v]) => [k, { ...v }]));
  }

  reset(): void {
    this.entries = [];
    this.counters.clear();
  }
}
