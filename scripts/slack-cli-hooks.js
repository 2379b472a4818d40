#!/usr/bin/env node
/**
 * The Slack CLI's hooks for this project (.slack/hooks.json; docs/development.md): `slack run`
 * asks `get-hooks` what the project supports, `get-manifest` for the app manifest, and runs `start`
 * with the tokens of the app it installed in the developer's workspace (SLACK_CLI_XOXB, the bot
 * token, and SLACK_CLI_XAPP, the app-level token) in the environment. src/config.ts reads those as
 * SLACK_BOT_TOKEN and SLACK_APP_TOKEN: single-workspace mode over Socket Mode, no public URL.
 *
 * Slack's own Bolt JS templates get these hooks from the @slack/cli-hooks package; ours are this
 * small script instead, because the manifest is built from code (src/slack/manifest.ts, the Socket
 * Mode variant) rather than read from manifest.json, and the app is TypeScript built into dist/.
 * Only JSON goes to stdout (the CLI's "default" protocol); anything else goes to stderr.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** What the project offers the CLI: its hooks, and that the app manages its own Socket Mode connection. */
function hooks() {
  return {
    hooks: {
      'get-manifest': 'node scripts/slack-cli-hooks.js get-manifest',
      start: 'npm start',
    },
    config: {
      'protocol-version': ['default'],
      // The app opens its own Socket Mode connection with SLACK_CLI_XAPP (Bolt's SocketModeReceiver);
      // without this the CLI would hold the socket and run `start` once per payload.
      'sdk-managed-connection-enabled': true,
      watch: {
        // Restart on source changes (`npm start` rebuilds what changed), reinstall on manifest changes.
        app: { 'filter-regex': '\\.ts$', paths: ['src/', 'listeners/', 'views/'] },
        manifest: { paths: ['src/slack/manifest.ts', 'src/slack/scopes.ts'] },
      },
    },
    runtime: 'node',
  };
}

/** The Socket Mode manifest, built (if stale) from the same code as `npm run manifest -- --socket-mode`. */
function manifest() {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-if-stale.js')], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const { buildManifest } = require(path.join(root, 'dist', 'src', 'slack', 'manifest.js'));
  return buildManifest({ socketMode: true });
}

const hook = process.argv[2];
if (hook === 'get-hooks') process.stdout.write(`${JSON.stringify(hooks())}\n`);
else if (hook === 'get-manifest') process.stdout.write(`${JSON.stringify(manifest())}\n`);
else {
  process.stderr.write('usage: node scripts/slack-cli-hooks.js get-hooks|get-manifest\n');
  process.exit(2);
}
