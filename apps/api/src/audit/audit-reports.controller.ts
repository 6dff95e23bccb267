import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, AuthenticatedActor, CurrentActor, Permission } from '@app/identity';
import { AccessReportService } from '@app/oversight';
import { ApiProblems } from '../common/api-problems.decorator';
import { AccessReportDto, AccessReportQueryDto } from './audit.dto';

@ApiTags('audit')
@ApiBearerAuth('bearer')
@Controller('audit-reports')
export class AuditReportsController {
  constructor(private readonly reports: AccessReportService) {}

  @Get('access')
  @Allow(Permission.AuditReport)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Access follow-up for a period (supervisor)',
    description:
      'Per staff member with a finding: reads of consultations neither assigned to them nor open in the triage queue ' +
      'at the time of the read, reads outside business hours (BUSINESS_HOURS_*, as for the SLA calendar; by default ' +
      'Mon–Fri 08:00–17:00 Europe/Stockholm; closed on Swedish public holidays), and a read volume above max(20, 3 × their daily median over the 30 days before × days in the period). ' +
      'Each finding lists the ids of the audit events behind it. Derived from the audit trail alone. At most 92 days. ' +
      'Audited as `audit.report`.',
  })
  @ApiOkResponse({ type: AccessReportDto })
  @ApiProblems(400, 401, 403)
  access(
    @CurrentActor() actor: AuthenticatedActor,
    @Query() { from, to }: AccessReportQueryDto,
  ): Promise<AccessReportDto> {
    return this.reports.accessReport(actor, from, to);
  }
}
