import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { TombstoneDto } from './tombstone.dto';

class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ example: 'email must be an email' })
  message: string;
}

/** RFC 9457 problem details, as every error answers (application/problem+json). */
export class ProblemDto {
  @ApiProperty({ example: 'urn:consult-intake:problem:validation_failed' })
  type: string;

  @ApiProperty({ example: 'Validation failed' })
  title: string;

  @ApiProperty({ type: 'integer', example: 400 })
  status: number;

  @ApiProperty({ example: 'The request has invalid fields.' })
  detail: string;

  @ApiProperty({ description: 'Echoes the X-Request-Id response header.' })
  requestId: string;

  @ApiPropertyOptional({
    type: [FieldErrorDto],
    maxItems: 20,
    description: 'Present on 400 validation problems: one entry per bad field, at most 20.',
  })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({
    type: [String],
    example: ['in_progress', 'withdrawn'],
    description:
      'Present on a 409 for a status move that is not allowed: the statuses the request may move to now.',
  })
  allowedMoves?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: { status: { type: 'string', enum: ['up', 'down'] } },
    },
    example: { database: { status: 'down' }, redis: { status: 'up' } },
    description: 'Present on a 503 from /health/ready: the state of each dependency.',
  })
  info?: Record<string, { status: 'up' | 'down' }>;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Present on a 410 for a purged request: when it was purged (docs/retention.md).',
  })
  purgedAt?: string;

  @ApiPropertyOptional({
    type: TombstoneDto,
    description: 'Present on a 410 for a purged request: what stays of it, without case text.',
  })
  tombstone?: TombstoneDto;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: malformed JSON, a bad or unknown field (listed in `errors`).',
  401: 'No valid access token (missing, malformed, forged, `alg: none`, expired, or its login was revoked).',
  403: "The caller's role may never use this route (audited as `access.denied`).",
  404: 'No such resource, or one the caller may not see.',
  409: 'Conflicts with the current state.',
  410: 'The request was purged under the retention rules (docs/retention.md); the problem carries its tombstone and `purgedAt`.',
  412: 'The `If-Match` version is stale.',
  413: 'The body is larger than allowed.',
  415: 'The body is not JSON.',
  429: 'Too many attempts (or, without a valid token, too many requests from this address); retry after the `Retry-After` header (seconds).',
  503: 'A dependency is unavailable; retry later.',
};

/** Documents one problem response with a description of its own, e.g. the login's 401. */
export function ApiProblem(status: number, description: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ApiResponse({
      status,
      description,
      content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
    }),
  );
}

/**
 * Documents the problem responses a route can give, e.g. `@ApiProblems(400, 401, 403)`. A route that
 * can answer 401 can also answer 429: requests without a valid token are limited per client IP
 * (THROTTLE_ANONYMOUS_LIMIT), so 429 is added to every such route.
 */
export function ApiProblems(...listed: number[]): MethodDecorator & ClassDecorator {
  const statuses = listed.includes(401) && !listed.includes(429) ? [...listed, 429] : listed;
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Problem details.',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
        ...(status === 429
          ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
          : {}),
      }),
    ),
  );
}
