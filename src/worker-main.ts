/**
 * `node dist/src/worker-main.js`: an alias of `ROLE=worker node dist/src/main.js` (the
 * same process: delivery and track-channel workers, the retention purge, and `/healthz`,
 * `/readyz`, `/metrics` on INTERNAL_PORT), kept so scripts and tests that start it still work.
 * DATABASE_URL is required: an embedded database belongs to one app process.
 */
import 'reflect-metadata';
import { runMain } from './run';

if (require.main === module) {
  // A start that fails (the database unreachable, say) is one clear line and exit 1, for the
  // process manager to restart; never an unhandled rejection with a raw stack.
  void runMain({
    role: 'worker',
    onStartFailure: (error) => {
      process.stderr.write(
        `delivery worker could not start: ${(error as Error)?.message ?? String(error)}\n`,
      );
    },
  });
}
