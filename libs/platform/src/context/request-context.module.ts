import { Global, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import type { FastifyRequest } from 'fastify';
import { RequestContext } from './request-context';

@Global()
@Module({
  imports: [
    ClsModule.forRoot({
      global: true,
      // The middleware mount keeps context through async guards (docs/stack.md).
      middleware: {
        mount: true,
        setup: (cls, req: FastifyRequest['raw'] & { id?: string; clientIp?: string }) => {
          const headers = req.headers;
          cls.set('requestId', req.id);
          // Set by the adapter's onRequest hook from Fastify's request.ip (honours TRUST_PROXY).
          cls.set('ip', req.clientIp ?? req.socket?.remoteAddress);
          cls.set('userAgent', typeof headers['user-agent'] === 'string' ? headers['user-agent'].slice(0, 256) : undefined);
        },
      },
    }),
  ],
  providers: [RequestContext],
  exports: [RequestContext],
})
export class RequestContextModule {}
