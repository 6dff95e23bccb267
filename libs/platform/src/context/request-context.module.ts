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
        setup: (cls, req: FastifyRequest['raw'] & { id?: string }) => {
          const headers = req.headers;
          cls.set('requestId', req.id);
          cls.set('ip', req.socket?.remoteAddress);
          cls.set('userAgent', typeof headers['user-agent'] === 'string' ? headers['user-agent'].slice(0, 256) : undefined);
        },
      },
    }),
  ],
  providers: [RequestContext],
  exports: [RequestContext],
})
export class RequestContextModule {}
