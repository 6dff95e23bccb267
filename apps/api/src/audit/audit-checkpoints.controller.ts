import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditReviewService } from '@app/audit';
import { Allow, AuthenticatedActor, CurrentActor, Permission } from '@app/identity';
import { ApiProblems } from '../common/api-problems.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { AuditCheckpointPageDto } from './audit.dto';

@ApiTags('audit')
@ApiBearerAuth('bearer')
@Controller('audit-checkpoints')
export class AuditCheckpointsController {
  constructor(private readonly review: AuditReviewService) {}

  @Get()
  @Allow(Permission.AuditRead)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Signed checkpoints of the hash chain, newest first (supervisor)',
    description:
      'The worker signs one every AUDIT_CHECKPOINT_EVERY_EVENTS events or AUDIT_CHECKPOINT_EVERY_MINUTES minutes, after ' +
      'verifying the events since the previous one. Keep copies outside the system: they make truncation detectable.',
  })
  @ApiOkResponse({ type: AuditCheckpointPageDto })
  @ApiProblems(400, 401, 403)
  list(
    @CurrentActor() actor: AuthenticatedActor,
    @Query() page: PageQueryDto,
  ): Promise<AuditCheckpointPageDto> {
    return this.review.listCheckpoints(actor, page);
  }
}
