import { failureCauseOf } from '@app/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The part of a pino logger the hook uses (the app's own: APP_LOGGER). */
export interface RequestLog {
  isLevelEnabled(level: string): boolean;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

// Query strings can hold cursors and filters; the path alone is enough to follow a request.
const requestFields = (request: FastifyRequest) => ({
  req: { id: request.id, method: request.method, path: request.url.split('?')[0] },
  requestId: request.id,
});

/**
 * One structured line per request when it completes, with the fields pino-http wrote before:
 * `{ req: { id, method, path }, requestId, res: { statusCode }, responseTime }`, "request
 * completed" at info, "request errored" at error for an unexpected 5xx, and "service unavailable"
 * at warn for a 503 (the database could not answer: an outage, not a bug), with its `cause`
 * (reason, error code and driver message; see the problem filter). A request whose client hangs
 * up before the answer gets "request aborted by the client" at info instead. The logger's
 * redaction applies as to every line. Written here rather than by pino-http's middleware, which
 * built two child loggers per request behind Nest's middleware layer, about 100 µs of CPU per
 * request even when the level hid the line (bench/performance.md); here nothing is built unless
 * the line is written.
 */
export function logEachRequest(fastify: FastifyInstance, log: RequestLog): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = status === 503 ? 'warn' : status >= 500 ? 'error' : 'info';
    if (log.isLevelEnabled(level)) {
      const fields = {
        ...requestFields(request),
        res: { statusCode: status },
        responseTime: Math.round(reply.elapsedTime),
      };
      if (level === 'warn') log.warn({ ...fields, cause: failureCauseOf(request) }, 'service unavailable');
      else if (level === 'error') log.error(fields, 'request errored');
      else log.info(fields, 'request completed');
    }
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    if (log.isLevelEnabled('info')) {
      log.info(requestFields(request), 'request aborted by the client');
    }
    done();
  });
}
