import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, AuthenticatedActor, CurrentActor, Permission } from '@app/identity';
import { QueueStatsService } from '@app/oversight';
import { ApiProblems } from '../common/api-problems.decorator';
import { QueueStatsDto, QueueStatsQueryDto } from './queue-stats.dto';

@ApiTags('stats')
@ApiBearerAuth('bearer')
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: QueueStatsService) {}

  @Get('queue')
  @Allow(Permission.StatsQueueRead)
  @ApiOperation({
    summary: 'Queue statistics (supervisor)',
    description:
      'Requests by status and (open ones) by priority, open SLA breaches, median and p90 time from filing to first ' +
      'assignment for first assignments in [from, to), and the Bull job counts. When Redis does not answer within ' +
      'QUEUE_STATS_TIMEOUT_MS (300 ms) the queue counts are null and the rest is still answered.',
  })
  @ApiOkResponse({ type: QueueStatsDto })
  @ApiProblems(400, 401, 403)
  async queue(
    @CurrentActor() actor: AuthenticatedActor,
    @Query() query: QueueStatsQueryDto,
  ): Promise<QueueStatsDto> {
    return QueueStatsDto.of(await this.stats.queueStats(actor, QueueStatsQueryDto.period(query)));
  }
}
