import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsultationRetentionService } from '@app/consultations';
import { Allow, AuthenticatedActor, CurrentActor, Permission } from '@app/identity';
import { ApiProblems } from '../common/api-problems.decorator';
import { DueRequestPageDto, UpcomingPurgeQueryDto } from './retention.dto';

@ApiTags('retention')
@ApiBearerAuth('bearer')
@Controller('retention')
export class RetentionController {
  constructor(private readonly retention: ConsultationRetentionService) {}

  @Get('upcoming')
  @Allow(Permission.RetentionRead)
  @ApiOperation({
    summary: 'Requests due for purge within ?days= (supervisor)',
    description:
      'Closed and withdrawn requests without a legal hold whose retention time (RETENTION_CLOSED_DAYS after they ' +
      'ended) runs out within the window, soonest first; with `includeHeld=true` also those a legal hold keeps. ' +
      'No case text. Audited as `retention.read`.',
  })
  @ApiOkResponse({ type: DueRequestPageDto })
  @ApiProblems(400, 401, 403)
  async upcoming(
    @CurrentActor() actor: AuthenticatedActor,
    @Query() query: UpcomingPurgeQueryDto,
  ): Promise<DueRequestPageDto> {
    return DueRequestPageDto.of(
      await this.retention.upcoming(
        actor,
        { days: query.days, includeHeld: query.includeHeld },
        { limit: query.limit, cursor: query.cursor },
      ),
    );
  }
}
