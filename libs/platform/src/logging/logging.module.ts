import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { LoggerOptions } from 'pino';
import { AppConfig } from '../config/app-config.service';
import { RequestContext } from '../context/request-context';

/** Anything that could carry a secret or case text is redacted from every log line. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
  '*.summary',
  '*.body',
  // `*.x` matches one level down only; a logged object's own top-level fields need their own paths.
  'password',
  'refreshToken',
  'accessToken',
  'token',
  'summary',
  'body',
];

/**
 * The root logger's options: the level, redaction of every line, and the request id of the
 * request a line is written in (from the request context, through pino's `mixin`).
 */
export function loggerOptions(level: string, context: RequestContext): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    mixin: () => {
      const requestId = context.requestId;
      return requestId === undefined ? {} : { requestId };
    },
  };
}

/**
 * pino through nestjs-pino (Nest's own Logger calls land here too), with no per-request
 * middleware: pino-http's middleware built two child loggers per request (serializing and
 * redacting their bindings) and ran behind @fastify/middie and Nest's middleware proxy, at a cost
 * of about 100 µs of CPU per request even when the level hid its line (docs/performance.md). The
 * API writes the one line per request itself from a Fastify `onResponse` hook
 * (apps/api/src/common/request-log.hook.ts), and every line written inside a request carries its
 * `requestId` (see loggerOptions).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig, RequestContext],
      useFactory: (config: AppConfig, context: RequestContext) => ({
        // No routes: nestjs-pino's middleware (pino-http) runs for none; see above.
        forRoutes: [],
        pinoHttp: { ...loggerOptions(config.get('LOG_LEVEL'), context), autoLogging: false },
      }),
    }),
  ],
})
export class PlatformLoggingModule {}
