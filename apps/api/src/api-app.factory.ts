import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import fastifyCookie from '@fastify/cookie';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import {
  APP_LOGGER,
  AppLogger,
  createValidationPipe,
  Environment,
  PROBLEM_CONTENT_TYPE,
  problemOf,
  refuseCostlyBody,
  runInRequestContext,
  ProblemDetailsFilter,
  validateEnvironment,
} from '@app/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Logger } from 'nestjs-pino';
import { logEachRequest } from './common/request-log.hook';
import { securityHeaders } from './common/security-headers';
import { serveWebApp } from './web/web-app';
import { createOpenApiDocument } from './openapi/openapi-document';
import { ApiModule } from './api.module';
import { API_CONFIG } from './api.config';

/** A client's X-Request-Id is echoed (and written into the audit) only when it is short and plain. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Every answer under the API's prefix, errors included, is private and not to be stored (api.md). */
const API_PATH = /^\/api\/v1(?:[/?]|$)/;

/** Routes anyone may call with a body of a few short strings (login, refresh, logout, ...). */
const AUTH_ROUTES = '/api/v1/auth/';

function createAdapter(env: Environment): FastifyAdapter {
  const headers = securityHeaders();
  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    // Echo a well-formed incoming X-Request-Id, else make one (pino-http's genReqId is not used on Fastify).
    genReqId: (req: IncomingMessage) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    // A client that sends its headers or body slowly is cut off (408), an idle connection closed.
    requestTimeout: env.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    connectionTimeout: env.HTTP_CONNECTION_TIMEOUT_MS,
    http: {
      headersTimeout: env.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: env.HTTP_REQUEST_TIMEOUT_MS,
      // Node checks the two timeouts above only this often (30 s by default).
      connectionsCheckingInterval: Math.min(1000, Math.ceil(env.HTTP_HEADERS_TIMEOUT_MS / 2)),
    },
    // Malformed URLs and over-long params never reach Nest; answer them as problems here.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const problem = problemOf('malformed_body', 'The request URL is malformed.', String(request.id));
      void error; // never echoed: it may quote the raw URL
      void reply
        .status(400)
        .headers(headers)
        .header('X-Request-Id', String(request.id))
        .header('Cache-Control', 'no-store')
        .header('Content-Type', PROBLEM_CONTENT_TYPE)
        .send({ ...problem, title: 'Bad request' });
    },
  });
  const fastify = adapter.getInstance();
  // JSON only: no form or text bodies (415), so a login cannot be posted from another site's form.
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRoute', (route) => {
    if (route.url.startsWith(AUTH_ROUTES)) route.bodyLimit = env.AUTH_BODY_LIMIT_BYTES;
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    const requestId = String(request.id);
    // helmet's headers on every answer, errors included (see securityHeaders).
    void reply.headers(headers).header('X-Request-Id', requestId);
    if (API_PATH.test(request.url)) void reply.header('Cache-Control', 'no-store');
    const userAgent = request.headers['user-agent'];
    // Everything after this hook (guards, pipes, the handler, the audit recorder) sees this context.
    // request.ip honours TRUST_PROXY.
    runInRequestContext(
      {
        requestId,
        ip: request.ip,
        userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 256) : undefined,
      },
      done,
    );
  });
  // Thrown DomainErrors reach the global problem filter through Nest's Fastify error handler.
  // Before the guards and before validation work that grows with the body (see refuseCostlyBody).
  fastify.addHook('preValidation', async (request) => refuseCostlyBody(request.body));
  return adapter;
}

function parseTrustProxy(value: string | undefined): boolean | number | string[] | undefined {
  if (!value) return undefined;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((v) => v.trim());
}

/** Builds the API exactly as production runs it; tests use the same function. */
export async function createApiApp(): Promise<NestFastifyApplication> {
  const env = validateEnvironment(process.env, API_CONFIG);
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, createAdapter(env), {
    bufferLogs: true,
    // Nest's parsers would add form bodies; Fastify's own JSON parser (same limits) is the only one.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  logEachRequest(app.getHttpAdapter().getInstance(), app.get<AppLogger>(APP_LOGGER));
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  if (env.SWAGGER_ENABLED) setUpOpenApi(app);
  // Browser sessions' refresh-token cookie (apps/api/src/auth/session-cookie.ts); unsigned: the token is the secret.
  await app.getHttpAdapter().getInstance().register(fastifyCookie);
  await serveWebApp(app.getHttpAdapter().getInstance(), env.WEB_DIST_DIR);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

function setUpOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, createOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}
