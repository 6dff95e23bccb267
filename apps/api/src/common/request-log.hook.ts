import type { FastifyInstance } from 'fastify';

/** The part of a pino logger the hook uses (the app's own: APP_LOGGER). */
export interface RequestLog {
  isLevelEnabled(level: string): boolean;
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * One structured line per request when it completes, with the fields pino-http wrote before:
 * `{ req: { id, method, path }, requestId, res: { statusCode }, responseTime }`, "request
 * completed" at info, "request errored" at error for a 5xx. The logger's redaction applies as to
 * every line. Written here rather than by pino-http's middleware, which built two child loggers
 * per request behind Nest's middleware layer, about 100 µs of CPU per request even when the level
 * hid the line (bench/performance.md); here nothing is built unless the line is written.
 */
export function logEachRequest(fastify: FastifyInstance, log: RequestLog): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const failed = reply.statusCode >= 500;
    if (log.isLevelEnabled(failed ? 'error' : 'info')) {
      const fields = {
        // Query strings can hold cursors and filters; the path alone is enough to follow a request.
        req: { id: request.id, method: request.method, path: request.url.split('?')[0] },
        requestId: request.id,
        res: { statusCode: reply.statusCode },
        responseTime: Math.round(reply.elapsedTime),
      };
      if (failed) log.error(fields, 'request errored');
      else log.info(fields, 'request completed');
    }
    done();
  });
}
