import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { Logger as PinoInstance, LoggerOptions } from 'pino';
import { AppConfig } from '../config/app-config.service';
import { PlatformConfigModule } from '../config/config.module';
import { RequestContext } from '../context/request-context';
import { RequestContextModule } from '../context/request-context.module';
import { serializeError, withoutDatabaseMessages } from './error-serializer';

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
    // Errors are logged under `err` (Nest, nestjs-pino) and sometimes `error`; neither carries SQL parameters.
    serializers: { err: serializeError, error: serializeError },
    hooks: { logMethod: withoutDatabaseMessages },
    mixin: () => {
      const requestId = context.requestId;
      return requestId === undefined ? {} : { requestId };
    },
  };
}

/**
 * Where lines go: JSON on stdout, except on a developer's terminal (LOG_FORMAT=auto outside
 * production with stdout a TTY, or LOG_FORMAT=pretty), where pino-pretty writes them readably.
 * pino-pretty is a development dependency: without it (a production install), JSON it is.
 */
export function logDestination(
  format: string,
  production: boolean,
  isTty = Boolean(process.stdout.isTTY),
  output: NodeJS.WritableStream | number = 1,
) {
  const pretty = format === 'pretty' || (format === 'auto' && !production && isTty);
  if (!pretty) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pinoPretty = require('pino-pretty') as (options: object) => NodeJS.WritableStream;
    return pinoPretty({
      colorize: isTty,
      sync: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      destination: output,
    });
  } catch {
    return undefined;
  }
}

/** This app's own pino logger (the one the API's per-request line is written with). */
export const APP_LOGGER = Symbol('APP_LOGGER');
export type AppLogger = PinoInstance;

/**
 * One pino instance per app, made here so that the app can reach it: nestjs-pino keeps its root
 * logger in a static field, so in a process with several apps (the e2e suites) a line written
 * through it could go out through another app's logger, level and destination.
 */
@Module({
  imports: [PlatformConfigModule, RequestContextModule],
  providers: [
    {
      provide: APP_LOGGER,
      inject: [AppConfig, RequestContext],
      useFactory: (config: AppConfig, context: RequestContext): AppLogger => {
        const options = loggerOptions(config.get('LOG_LEVEL'), context);
        const destination = logDestination(config.get('LOG_FORMAT'), config.isProduction);
        return destination ? pino(options, destination) : pino(options);
      },
    },
  ],
  exports: [APP_LOGGER],
})
class AppLoggerModule {}

/**
 * pino through nestjs-pino (Nest's own Logger calls land here too), with no per-request
 * middleware: pino-http's middleware built two child loggers per request (serializing and
 * redacting their bindings) and ran behind @fastify/middie and Nest's middleware proxy, at a cost
 * of about 100 µs of CPU per request even when the level hid its line (bench/performance.md). The
 * API writes the one line per request itself, with APP_LOGGER, from a Fastify `onResponse` hook
 * (apps/api/src/common/request-log.hook.ts), and every line written inside a request carries its
 * `requestId` (see loggerOptions).
 */
@Module({
  imports: [
    AppLoggerModule,
    LoggerModule.forRootAsync({
      imports: [AppLoggerModule],
      inject: [APP_LOGGER],
      useFactory: (logger: AppLogger) => ({
        // No routes: nestjs-pino's middleware (pino-http) runs for none; see above.
        forRoutes: [],
        pinoHttp: { logger, autoLogging: false },
      }),
    }),
  ],
  exports: [AppLoggerModule],
})
export class PlatformLoggingModule {}
