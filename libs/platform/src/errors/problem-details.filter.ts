import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { databaseUnavailable } from '../database/database-unavailable';
import { DomainError, ServiceUnavailableError, TooManyRequestsError } from './domain-error';
import { noteFailureCause } from './failure-cause';
import { codeForStatus, Problem, PROBLEM_CONTENT_TYPE, ProblemCode, problemOf } from './problem';

/**
 * Nest turns Fastify's own errors (body parsing, size, media type) into a bare HttpException with
 * Fastify's status, losing the FST_ERR code (docs/stack.md); Nest's own exceptions are subclasses.
 */
const FRAMEWORK_PROBLEMS: Record<number, { code: ProblemCode; detail: string }> = {
  400: { code: 'malformed_body', detail: 'The request body is not valid JSON.' },
  413: { code: 'payload_too_large', detail: 'The request body is larger than allowed.' },
  415: { code: 'unsupported_media_type', detail: 'Send the body as application/json.' },
};

/**
 * @fastify/static (the OpenAPI UI's files under /api/docs) answers a path it will not serve, such
 * as `/api/docs/%2e%2e/`, with a plain Error carrying `status` and `statusCode` 4xx (`send`'s
 * Forbidden or Bad Request). For the client that file does not exist.
 */
function isStaticFileRefusal(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  const { status, statusCode } = exception as Error & { status?: unknown; statusCode?: unknown };
  return typeof status === 'number' && status === statusCode && status >= 400 && status < 500;
}

/**
 * The one place errors become HTTP: every failure, including framework and body-parser errors,
 * answers RFC 9457 problem+json with the request id. Unexpected errors are logged with their stack
 * and answered with a generic 500 that leaks nothing. A database that cannot answer (down,
 * restarting, unreachable, statement timeout) is not a bug: 503 with Retry-After, and no line of
 * its own here; the request's one log line (request-log hook) carries the cause at warn.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const requestId = String(request?.id ?? '');
    const failure = exception instanceof DomainError ? undefined : databaseUnavailable(exception);
    if (failure) {
      exception = new ServiceUnavailableError('The service cannot reach its database; try again shortly.');
      noteFailureCause(request, { reason: 'database unavailable', ...failure });
    } else if (exception instanceof ServiceUnavailableError) {
      noteFailureCause(request, { reason: exception.message });
    }
    const problem = this.toProblem(exception, requestId);
    if (problem.status >= 500 && !(exception instanceof ServiceUnavailableError)) {
      this.logger.error({ err: exception, requestId }, 'unhandled error');
    }
    if (exception instanceof TooManyRequestsError || exception instanceof ServiceUnavailableError) {
      void reply.header('Retry-After', String(exception.retryAfterSeconds));
    }
    void reply.status(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(problem);
  }

  toProblem(exception: unknown, requestId: string): Problem {
    if (!(exception instanceof DomainError) && databaseUnavailable(exception)) {
      return this.toProblem(
        new ServiceUnavailableError('The service cannot reach its database; try again shortly.'),
        requestId,
      );
    }
    if (exception instanceof DomainError) {
      return problemOf(exception.code, exception.message, requestId, {
        errors: exception.errors,
        extensions: exception.extensions,
      });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const framework = exception.constructor === HttpException ? FRAMEWORK_PROBLEMS[status] : undefined;
      if (framework) return problemOf(framework.code, framework.detail, requestId);
      if (status >= 500) return problemOf('internal', 'An unexpected error occurred.', requestId);
      return problemOf(codeForStatus(status), this.httpDetail(exception), requestId);
    }
    if (isStaticFileRefusal(exception)) return problemOf('not_found', 'Resource not found.', requestId);
    return problemOf('internal', 'An unexpected error occurred.', requestId);
  }

  private httpDetail(exception: HttpException): string {
    const response = exception.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    return exception.message;
  }
}
