import { Module } from '@nestjs/common';
import { RequestContext } from './request-context';

/**
 * The request context (actor, ip, user agent, request id). The API enters it per request with
 * `runInRequestContext` from its first `onRequest` hook; the worker with `RequestContext.run`.
 */
@Module({
  providers: [RequestContext],
  exports: [RequestContext],
})
export class RequestContextModule {}
