/**
 * The V8 flags every app process runs with in production: `npm start` (package.json) and the
 * container's CMD (Dockerfile) pass them, the benchmarks start the app and their baselines with
 * them, and test/unit/node-flags.test.ts keeps the three in step.
 *
 * `--max-semi-space-size=32` (MB; node 20's default is 16): with hundreds of Slack requests in
 * flight, every young-generation GC copies what those requests hold alive, and a 16 MB young space
 * fills every few hundred requests. Measured with the ack bench (200 in flight, quiet machine,
 * issue 15): with 16 MB the app's GC cost twice bare Bolt's per ack, with 32 or 64 MB the same;
 * CPU per ack fell 10-15 %, and 32 MB kept p99 lower than 64 MB (fewer long scavenges) and RSS
 * ~150 MB lower at peak. It costs memory only under load (the space grows on demand).
 */
export const PRODUCTION_NODE_FLAGS = ['--max-semi-space-size=32'] as const;
