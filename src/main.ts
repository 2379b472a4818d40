/**
 * `node dist/src/main.js`: one process of the role ROLE names (`all` by default; src/run.ts).
 * The services are built in src/compose.ts, the composition root; this file only starts them.
 */
import 'reflect-metadata';
import type { Config } from './config';
import type { RunningServer } from './platform/http-server';
import { type RunningProcess, runMain, type StartOptions, startProcess } from './run';

export type { StartOptions } from './run';

/** A process with both servers: ROLE `all` (the default) or `web`. */
export interface RunningApp extends RunningProcess {
  slackServer: RunningServer;
}

/** Starts the app in-process (tests); `config.role` must be `all` or `web`. */
export async function startApp(config: Config, options: StartOptions = {}): Promise<RunningApp> {
  if (config.role === 'worker')
    throw new Error('startApp runs ROLE=all or web; use startProcess for a worker');
  return (await startProcess(config, options)) as RunningApp;
}

if (require.main === module) {
  void runMain();
}
