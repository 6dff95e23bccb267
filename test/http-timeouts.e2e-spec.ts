/**
 * Slow clients are cut off (issue 11): a connection that dribbles its headers or its body is
 * answered 408 and closed once HTTP_HEADERS_TIMEOUT_MS / HTTP_REQUEST_TIMEOUT_MS pass, instead of
 * holding a socket for minutes. Short timeouts here; the defaults are 10 s and 30 s.
 */
import { AddressInfo, connect, Socket } from 'node:net';
import { createE2eContext, E2eContext } from './support/e2e-context';

const HEADERS_TIMEOUT_MS = 600;
const REQUEST_TIMEOUT_MS = 1200;
const KEEP_ALIVE_TIMEOUT_MS = 500;

interface Outcome {
  /** What the server wrote before closing. */
  received: string;
  /** From the first byte sent until the server closed the connection. */
  closedAfterMs: number;
}

/** Opens a raw connection, writes `chunks` one every `everyMs` until the server closes it. */
function dribble(port: number, chunks: string[], everyMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after 15 s; received: ${received}`));
    }, 15_000);
    socket.on('data', (data) => (received += data.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ received, closedAfterMs: Date.now() - started });
    });
    socket.on('connect', () => {
      let next = 0;
      const send = () => {
        if (next < chunks.length && !socket.destroyed) socket.write(chunks[next++]);
      };
      send();
      timer = setInterval(send, everyMs);
    });
  });
}

describe('HTTP timeouts', () => {
  let ctx: E2eContext;
  let port: number;

  beforeAll(async () => {
    ctx = await createE2eContext('httptimeouts', {
      env: {
        HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
      },
    });
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (ctx.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => ctx.close());

  it('cuts off a client that sends its headers slowly', async () => {
    // One header line every 200 ms, never the blank line that ends them: 50 lines would take 10 s.
    const lines = [
      'GET /health/live HTTP/1.1\r\n',
      'Host: localhost\r\n',
      ...Array.from({ length: 50 }, (_, i) => `X-Slow-${i}: x\r\n`),
    ];
    const outcome = await dribble(port, lines, 200);
    expect(outcome.received).toMatch(/^HTTP\/1\.1 408/);
    expect(outcome.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
    expect(outcome.closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + 2500);
  });

  it('cuts off a client that sends its body slowly', async () => {
    const head =
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n';
    // The headers at once, then one byte of the 200-byte body every 100 ms (20 s in all).
    const outcome = await dribble(port, [head, ...Array.from({ length: 200 }, () => ' ')], 100);
    expect(outcome.received).toMatch(/^HTTP\/1\.1 408/);
    expect(outcome.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(outcome.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2500);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const outcome = await dribble(port, ['GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n'], 10_000);
    expect(outcome.received).toMatch(/^HTTP\/1\.1 200/);
    expect(outcome.closedAfterMs).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS + 2500);
  });

  it('still serves a client that sends promptly', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(res.status).toBe(200);
  });
});
