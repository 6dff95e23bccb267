import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { REDIS, ServiceUnavailableError } from '@app/platform';
import { Public } from '@app/identity';
import type Redis from 'ioredis';
import { ApiProblem } from '../common/api-problems.decorator';
import { LiveDto, ReadyDto } from './health.dto';

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
  @ApiOkResponse({ type: LiveDto })
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
  @ApiOkResponse({ type: ReadyDto, description: 'Ready; Redis down is reported in `info`, not fatal.' })
  @ApiProblem(503, 'The database is unreachable (the problem carries `info`).')
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
