import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsultationReadingService } from '@app/consultations';
import { Allow, AuthenticatedActor, CurrentActor, Permission } from '@app/identity';
import { ApiProblems } from '../common/api-problems.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { ConsultationPageDto } from './consultation.dto';

@ApiTags('consultations')
@ApiBearerAuth('bearer')
@Controller('triage-queue')
export class TriageQueueController {
  constructor(private readonly reading: ConsultationReadingService) {}

  @Get()
  @Allow(Permission.TriageQueueRead)
  @ApiOperation({
    summary: 'Open, unassigned requests in the order to take them (investigator, supervisor)',
    description:
      'Submitted or triaged and unassigned; priority first (critical, high, normal, low), then slaDueAt (none last), ' +
      'then createdAt. A request not yet triaged counts as normal (critical at once when immediateDanger). Items carry ' +
      'no case text, like GET /consultations.',
  })
  @ApiOkResponse({ type: ConsultationPageDto })
  @ApiProblems(400, 401, 403)
  async list(
    @CurrentActor() actor: AuthenticatedActor,
    @Query() { limit, cursor }: PageQueryDto,
  ): Promise<ConsultationPageDto> {
    return ConsultationPageDto.of(await this.reading.triageQueue(actor, { limit, cursor }));
  }
}
