import { Counter, Histogram, Registry } from 'prom-client';
import { PreboundCounter, PreboundHistogram } from '../../src/platform/prebound-metrics';

/** The same observations into prom-client's own metric and ours: `/metrics` must read the same. */
function both() {
  const theirs = new Registry();
  const ours = new Registry();
  const spec = { name: 'x_seconds', help: 'x', labelNames: ['route', 'method'] as const };
  const buckets = [0.005, 0.01, 0.1, 1];
  return {
    theirs,
    ours,
    histograms: [
      new Histogram({ ...spec, labelNames: [...spec.labelNames], buckets, registers: [theirs] }),
      new PreboundHistogram({ ...spec, buckets, registers: [ours] }),
    ] as const,
    counters: [
      new Counter({ name: 'x_total', help: 'y', labelNames: ['status'], registers: [theirs] }),
      new PreboundCounter({ name: 'x_total', help: 'y', labelNames: ['status'], registers: [ours] }),
    ] as const,
  };
}

describe('prebound metrics', () => {
  it('expose exactly what prom-client exposes for the same observations', async () => {
    const { theirs, ours, histograms, counters } = both();
    const values = [0.001, 0.005, 0.0051, 0.2, 3, 0.01, 0];
    for (const [i, value] of values.entries()) {
      const labels = { route: i % 2 ? '/a' : '/b', method: 'POST' };
      histograms[0].observe(labels, value);
      histograms[1].observe(labels, value);
      counters[0].inc({ status: 200 + i });
      counters[1].labels({ status: 200 + i }).inc();
    }
    // A kept series records like a fresh look-up, and a label left out is left out.
    const kept = histograms[1].labels({ route: '/b', method: 'GET' });
    kept.observe(0.5);
    kept.observe(0.05);
    histograms[0].observe({ route: '/b', method: 'GET' }, 0.5);
    histograms[0].observe({ route: '/b', method: 'GET' }, 0.05);
    histograms[0].observe({ route: '/c' }, 0.02);
    histograms[1].observe({ route: '/c' }, 0.02);
    counters[0].inc({ status: 200 }, 5);
    counters[1].inc({ status: 200 }, 5);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain('x_seconds_bucket{le="+Inf",route="/b",method="GET"} 2');
  });

  it('drops a value that is not a finite number instead of throwing or poisoning the sum', async () => {
    const { ours, histograms } = both();
    histograms[1].observe({ route: '/a' }, Number.NaN);
    histograms[1].observe({ route: '/a' }, Number.POSITIVE_INFINITY);
    histograms[1].observe({ route: '/a' }, 0.25);
    const text = await ours.metrics();
    expect(text).toContain('x_seconds_sum{route="/a"} 0.25');
    expect(text).toContain('x_seconds_count{route="/a"} 1');
  });

  it('forgets its series on reset, as prom-client does', async () => {
    const { ours, counters } = both();
    counters[1].inc({ status: 500 });
    ours.resetMetrics();
    expect(await ours.metrics()).not.toContain('x_total{');
  });
});
