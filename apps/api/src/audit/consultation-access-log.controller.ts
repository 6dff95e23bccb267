import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessResource, Allow, AuthenticatedActor, CurrentActor, Permission } from '@app/identity';
import { CaseAccessLogService } from '@app/oversight';
import { ApiProblems } from '../common/api-problems.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { AuditEventPageDto, ConsultationAccessLogParams } from './audit.dto';

@ApiTags('audit')
@ApiBearerAuth('bearer')
@AccessResource('consultation')
@Controller('consultations')
export class ConsultationAccessLogController {
  constructor(private readonly accessLogs: CaseAccessLogService) {}

  @Get(':id/access-log')
  @Allow(Permission.ConsultationAccessLog)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Who saw or changed a consultation, newest first (supervisor)',
    description:
      'Every audit event whose resource is this consultation: reads, lists of its messages, claims, assignments, ' +
      'transitions, refused attempts, and earlier looks at this log. Answers from the trail alone, so an id the trail ' +
      'does not know gives an empty page. Audited as `audit.read` on the consultation.',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiProblems(400, 401, 403)
  accessLog(
    @CurrentActor() actor: AuthenticatedActor,
    @Param() { id }: ConsultationAccessLogParams,
    @Query() page: PageQueryDto,
  ): Promise<AuditEventPageDto> {
    return this.accessLogs.consultationAccessLog(actor, id, page);
  }
}
