import { request } from 'node:http';
import { defineRoute } from '../../../src/internal-api/route';
import { createInternalApp } from '../../../src/internal-api/server';
import { signedHeaders } from '../../../src/internal-api/signature';
import { listen, type RunningServer } from '../../../src/platform/http-server';
import { createLogger } from '../../../src/platform/logger';
import { createMetrics } from '../../../src/platform/metrics';

/**
 * Issue 16: the bytes held in bodies whose signature is not yet verified are bounded for the whole
 * server. Here the bound is 1.5 MiB: while one 1 MiB body is arriving, a second is refused at once
 * with 503 and Retry-After (it is not read), a small one still fits, and once the first is
 * verified the second goes through.
 */
const SECRET = 'unverified-bytes-secret-0123456789';
const PATH = '/internal/v1/tenants/acme/echo';
const MIB = 1024 * 1024;
let server: RunningServer;
let base: string;

beforeAll(async () => {
  const app = createInternalApp({
    signingSecret: SECRET,
    routes: [
      defineRoute({
        method: 'POST',
        path: '/internal/v1/tenants/:tenant_id/echo',
        summary: 'echo',
        tag: 'test',
        maxBodyBytes: MIB,
        responses: { 200: { description: 'ok' } },
        async handler() {
          return { status: 200, body: { ok: true } };
        },
      }),
    ],
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics({ defaultMetrics: false }),
    maxUnverifiedBytes: 1.5 * MIB,
  });
  server = await listen(app, 0, '127.0.0.1');
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close(0);
});

/** Starts a POST whose body is written by the caller; resolves the status and headers when answered. */
function start(body: Buffer) {
  const req = request(`${base}${PATH}`, {
    method: 'POST',
    headers: {
      ...signedHeaders(SECRET, 'POST', `${base}${PATH}`, body),
      'Content-Length': String(body.length),
    },
  });
  const answer = new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined });
    });
    req.on('error', reject);
  });
  return { req, answer };
}

it('refuses a body past the server-wide bound with 503 and Retry-After, without reading it', async () => {
  const big = Buffer.alloc(MIB, 0x61);
  const first = start(big);
  first.req.write(big.subarray(0, 100_000)); // the rest is still on its way
  await new Promise((r) => setTimeout(r, 100));

  const second = start(big);
  second.req.flushHeaders(); // headers only: the answer must not wait for the body
  expect(await second.answer).toEqual({ status: 503, retryAfter: '1' });
  second.req.destroy();

  const small = start(Buffer.from('{}'));
  small.req.end(Buffer.from('{}'));
  expect((await small.answer).status).toBe(200);

  first.req.end(big.subarray(100_000));
  expect((await first.answer).status).toBe(200);

  const again = start(big);
  again.req.end(big);
  expect((await again.answer).status).toBe(200);
});

it('the app sets timeouts and a connection cap on both servers, not node defaults', async () => {
  const { INTERNAL_SERVER_LIMITS, SLACK_SERVER_LIMITS } = await import('../../../src/platform/http-server');
  for (const limits of [INTERNAL_SERVER_LIMITS, SLACK_SERVER_LIMITS]) {
    expect(limits.headersTimeoutMs).toBeLessThanOrEqual(limits.requestTimeoutMs);
    expect(limits.requestTimeoutMs).toBeLessThanOrEqual(30_000);
    expect(limits.maxConnections).toBeGreaterThan(0);
  }
  // This test's server was started with the internal limits (the default of listen()).
  expect(server.server.headersTimeout).toBe(INTERNAL_SERVER_LIMITS.headersTimeoutMs);
  expect(server.server.requestTimeout).toBe(INTERNAL_SERVER_LIMITS.requestTimeoutMs);
  expect(server.server.keepAliveTimeout).toBe(INTERNAL_SERVER_LIMITS.keepAliveTimeoutMs);
  expect(server.server.maxConnections).toBe(INTERNAL_SERVER_LIMITS.maxConnections);
});

it('a client that sends half its headers is cut with 408 after the headers timeout', async () => {
  const { connect } = await import('node:net');
  const socket = connect(server.port, '127.0.0.1');
  const started = Date.now();
  socket.write(`POST ${PATH} HTTP/1.1\r\nHost: x\r\n`);
  const text = await new Promise<string>((resolve) => {
    let out = '';
    socket.on('data', (d) => {
      out += d;
    });
    socket.on('close', () => resolve(out));
  });
  const seconds = (Date.now() - started) / 1000;
  expect(text).toMatch(/^HTTP\/1\.1 408/);
  expect(seconds).toBeGreaterThanOrEqual(9);
  expect(seconds).toBeLessThan(13);
}, 20_000);

it('connections past maxConnections are closed as they arrive; the ones inside keep working', async () => {
  const { connect } = await import('node:net');
  const small = await listen((_req, res) => res.end('ok'), 0, '127.0.0.1', {
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 10_000,
    keepAliveTimeoutMs: 5_000,
    maxConnections: 2,
  });
  const open = () =>
    new Promise<import('node:net').Socket>((resolve) => {
      const s = connect(small.port, '127.0.0.1', () => resolve(s));
    });
  const [a, b] = [await open(), await open()];
  await new Promise((r) => setTimeout(r, 50));
  const third = await open();
  const closed = await new Promise<boolean>((resolve) => {
    third.on('close', () => resolve(true));
    third.on('error', () => {});
    setTimeout(() => resolve(false), 2_000);
  });
  expect(closed).toBe(true);
  const answer = await new Promise<string>((resolve) => {
    let out = '';
    a.on('data', (d) => {
      out += d;
      if (out.includes('ok')) resolve(out);
    });
    a.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  });
  expect(answer).toMatch(/^HTTP\/1\.1 200/);
  a.destroy();
  b.destroy();
  await small.close(0);
});
