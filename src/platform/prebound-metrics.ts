import type { Registry } from 'prom-client';

/**
 * A counter and a histogram for the paths that record on every request (the Slack server's ack
 * path, issue 15): a label set is resolved once into a series, and recording into it is an
 * addition. prom-client builds a label object, validates it and hashes it into a string on every
 * `inc`/`observe`, its `labels()` children included, which cost the ack path 6–9 µs a request
 * (a profile of the ack bench). The exposition stays prom-client's: both register in its
 * registry and answer `get()` in the shape its own metrics do, so `/metrics` reads the same.
 */

type LabelValues<L extends string> = Partial<Record<L, string | number>>;

/** What prom-client's registry reads from a metric to expose it (its own metrics answer the same). */
interface Exposition {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: Array<{ labels: Record<string, string | number>; value: number; metricName?: string }>;
}

export interface CounterSeries {
  inc(by?: number): void;
}

export interface HistogramSeries {
  observe(value: number): void;
}

interface Series<S> {
  /** The labels given, without the unset ones. */
  labels: Record<string, string | number>;
  state: S;
}

abstract class PreboundMetric<L extends string, S> {
  readonly aggregator = 'sum' as const;
  private readonly series = new Map<string, Series<S>>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[],
    registers: readonly Registry[],
  ) {
    // prom-client's Registry takes any metric that answers get() (its own types are narrower).
    for (const registry of registers) registry.registerMetric(this as never);
  }

  abstract readonly type: 'counter' | 'histogram';

  /** Forgets every series (prom-client's `registry.resetMetrics()` calls this). */
  reset(): void {
    this.series.clear();
  }

  protected abstract fresh(): S;

  protected stateOf(labels: LabelValues<L> = {}): S {
    let key = '';
    for (const name of this.labelNames) key += `${labels[name] ?? ''}\u0000`;
    let found = this.series.get(key);
    if (!found) {
      const kept: Record<string, string | number> = {};
      for (const name of this.labelNames) {
        const value = labels[name];
        if (value !== undefined) kept[name] = value;
      }
      found = { labels: kept, state: this.fresh() };
      this.series.set(key, found);
    }
    return found.state;
  }

  protected all(): Iterable<Series<S>> {
    return this.series.values();
  }
}

export class PreboundCounter<L extends string> extends PreboundMetric<L, { value: number }> {
  readonly type = 'counter' as const;

  constructor(o: { name: string; help: string; labelNames: readonly L[]; registers: readonly Registry[] }) {
    super(o.name, o.help, o.labelNames, o.registers);
  }

  inc(labels?: LabelValues<L>, by = 1): void {
    this.stateOf(labels).value += by;
  }

  /** The series of these labels, to keep and increment without a look-up. */
  labels(labels: LabelValues<L>): CounterSeries {
    const state = this.stateOf(labels);
    return {
      inc: (by = 1) => {
        state.value += by;
      },
    };
  }

  async get(): Promise<Exposition> {
    const values = [...this.all()].map(({ labels, state }) => ({ labels, value: state.value }));
    return { name: this.name, help: this.help, type: 'counter', aggregator: 'sum', values };
  }

  protected fresh() {
    return { value: 0 };
  }
}

interface HistogramState {
  /** Observations per bucket, not cumulative; the last one is +Inf. */
  counts: Float64Array;
  sum: number;
  count: number;
}

export class PreboundHistogram<L extends string> extends PreboundMetric<L, HistogramState> {
  readonly type = 'histogram' as const;
  private readonly upperBounds: readonly number[];

  constructor(o: {
    name: string;
    help: string;
    labelNames: readonly L[];
    buckets: readonly number[];
    registers: readonly Registry[];
  }) {
    super(o.name, o.help, o.labelNames, o.registers);
    this.upperBounds = [...o.buckets].sort((a, b) => a - b);
  }

  observe(labels: LabelValues<L>, value: number): void {
    this.record(this.stateOf(labels), value);
  }

  /** The series of these labels, to keep and observe into without a look-up. */
  labels(labels: LabelValues<L>): HistogramSeries {
    const state = this.stateOf(labels);
    return { observe: (value) => this.record(state, value) };
  }

  async get(): Promise<Exposition> {
    const values: Exposition['values'] = [];
    for (const { labels, state } of this.all()) {
      let cumulative = 0;
      this.upperBounds.forEach((le, i) => {
        cumulative += state.counts[i]!;
        values.push({ labels: { le, ...labels }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({
        labels: { le: '+Inf', ...labels },
        value: state.count,
        metricName: `${this.name}_bucket`,
      });
      values.push({ labels, value: state.sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: state.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: 'histogram', aggregator: 'sum', values };
  }

  protected fresh(): HistogramState {
    return { counts: new Float64Array(this.upperBounds.length + 1), sum: 0, count: 0 };
  }

  private record(state: HistogramState, value: number): void {
    // A non-number would poison the sum for good; prom-client throws, a metric must not.
    if (!Number.isFinite(value)) return;
    let i = 0;
    while (i < this.upperBounds.length && value > this.upperBounds[i]!) i += 1;
    state.counts[i]! += 1;
    state.sum += value;
    state.count += 1;
  }
}
