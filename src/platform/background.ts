import type { Logger } from './logger';

/**
 * Work a request starts but does not wait for (the directory sync after an install, a re-match
 * after a settings change). Tracked so a graceful stop can let it finish before the database
 * closes, instead of failing half-way on a closed pool.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(private readonly logger: Logger) {}

  run(name: string, task: () => Promise<unknown>): void {
    if (this.stopping) {
      this.logger.info({ task: name }, 'not started: shutting down');
      return;
    }
    const p = task()
      .catch((error) => this.logger.warn({ task: name, err: String(error) }, 'background task failed'))
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  /** Stops taking new work and waits for what runs, up to `timeoutMs`. */
  async drain(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    const timeout = new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.running]), timeout]);
  }
}
