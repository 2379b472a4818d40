/**
 * The baselines of the ack-latency benchmark, each a process of its own like the app:
 *
 *   node dist/bench/ack-baseline-server.js http            a bare node:http server: reads the body, answers 200 ''
 *   node dist/bench/ack-baseline-server.js bolt <secret>   a bare Bolt app, configured as src/slack-server/bolt-app.ts
 *                                                          configured ours until decision 34 (ExpressReceiver on
 *                                                          /slack/events, signature check, processBeforeResponse
 *                                                          false), with a static authorize and a `/plusplus` that
 *                                                          only acks (`help`: acks with the app's help text)
 *   node dist/bench/ack-baseline-server.js bolt-http <secret>
 *                                                          the same on Bolt's default receiver (HTTPReceiver, what
 *                                                          `new App({ signingSecret })` gets)
 *
 * Prints `{"port":N}` when listening; exits on SIGTERM.
 */
import type { RequestListener } from 'node:http';
import { App, ExpressReceiver, HTTPReceiver, LogLevel } from '@slack/bolt';
import { listen } from '../src/platform/http-server';
import { busyReply, helpReply } from '../views/command-replies';

const [mode, signingSecret] = process.argv.slice(2);

function bareHttp(): RequestListener {
  return (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-length': '0' });
      res.end();
    });
  };
}

function bareBolt(secret: string, receiverKind: 'express' | 'http'): RequestListener {
  const options = {
    signingSecret: secret,
    endpoints: '/slack/events',
    processBeforeResponse: false,
    logLevel: LogLevel.ERROR,
  };
  const express = receiverKind === 'express' ? new ExpressReceiver(options) : null;
  express?.app.disable('x-powered-by');
  const http = receiverKind === 'http' ? new HTTPReceiver(options) : null;
  const receiver = (express ?? http)!;
  const app = new App({
    receiver,
    logLevel: LogLevel.ERROR,
    authorize: async ({ teamId }) => ({ botToken: 'xoxb-bench', botUserId: 'U0PLUSPLUS', teamId }),
  });
  // `help` is answered in the ack with the app's own help text, as the app does: what answering in
  // the ack costs Bolt itself; `busy` with the app's "busy" text, which the app's `status` acks
  // carry once 1,000 answers wait. Anything else only acks.
  const help = { response_type: 'ephemeral' as const, text: helpReply().text };
  const busy = { response_type: 'ephemeral' as const, text: busyReply().text };
  app.command('/plusplus', async ({ ack, command }) => {
    await (command.text === 'help' ? ack(help) : command.text === 'busy' ? ack(busy) : ack());
  });
  // HTTPReceiver's listener serves its endpoints without its own server (we listen, as for express).
  return express ? express.app : http!.requestListener;
}

async function main(): Promise<void> {
  let handler: RequestListener;
  if (mode === 'http') handler = bareHttp();
  else if (mode === 'bolt' && signingSecret) handler = bareBolt(signingSecret, 'express');
  else if (mode === 'bolt-http' && signingSecret) handler = bareBolt(signingSecret, 'http');
  else
    throw new Error('usage: ack-baseline-server http | bolt <signing secret> | bolt-http <signing secret>');
  const server = await listen(handler, 0, '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close(1000).then(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
