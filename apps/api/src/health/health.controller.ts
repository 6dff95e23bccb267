import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { REDIS, ServiceUnavailableError } from '@app/platform';
import { Public } from '@app/identity';
import type Redis from 'ioredis';

type ComponentStatus = { status: 'up' | 'down' };

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get('live')
  @Public({ ownLimit: 'probe' })
  @ApiOperation({ summary: 'The process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * 503 only when the database is unreachable. Redis is reported but not fatal: intake keeps
   * working through the outbox, and pulling every replica would turn a queue outage into a full one.
   */
  @Get('ready')
  @Public({ ownLimit: 'probe' })
  @ApiOperation({ summary: 'Ready to serve: database reachable; Redis reported' })
  @ApiOkResponse({
    description: '`{ status: "ok", info: { database, redis } }`; Redis down is reported here, not fatal.',
  })
  @ApiServiceUnavailableResponse({ description: 'The database is unreachable (problem+json with `info`).' })
  async ready(): Promise<{ status: 'ok'; info: Record<string, ComponentStatus> }> {
    const redis = await this.redisStatus();
    try {
      await this.health.check([() => this.database.pingCheck('database', { timeout: 1500 })]);
    } catch {
      throw new ServiceUnavailableError('The database is unreachable.', {
        info: { database: { status: 'down' }, redis },
      });
    }
    return { status: 'ok', info: { database: { status: 'up' }, redis } };
  }

  private async redisStatus(): Promise<ComponentStatus> {
    try {
      await this.redis.ping();
      return { status: 'up' };
    } catch {
      return { status: 'down' };
    }
  }
}
