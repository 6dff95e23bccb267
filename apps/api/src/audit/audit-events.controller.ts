import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuditReviewService, AuditVerificationService } from '@app/audit';
import { Allow, AuthenticatedActor, CurrentActor, Permission } from '@app/identity';
import { ApiProblems } from '../common/api-problems.decorator';
import {
  auditFilterOf,
  AuditEventPageDto,
  AuditEventQueryDto,
  AuditExportQueryDto,
  VerificationDto,
} from './audit.dto';

@ApiTags('audit')
@ApiBearerAuth('bearer')
@Controller('audit-events')
export class AuditEventsController {
  constructor(
    private readonly review: AuditReviewService,
    private readonly verification: AuditVerificationService,
  ) {}

  @Get()
  @Allow(Permission.AuditRead)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Audit events, newest first (supervisor)',
    description:
      'Every filter is optional and they combine with AND; `from` is inclusive, `to` exclusive. Keyset pagination on `seq` ' +
      '(no offset, no total count): pages stay stable while events are appended. The read is itself audited (`audit.read`).',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiProblems(400, 401, 403)
  list(
    @CurrentActor() actor: AuthenticatedActor,
    @Query() query: AuditEventQueryDto,
  ): Promise<AuditEventPageDto> {
    return this.review.listEvents(actor, auditFilterOf(query), query);
  }

  @Get('export')
  @Allow(Permission.AuditExport)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Export audit events as CSV or NDJSON, streamed (supervisor)',
    description:
      'The same filters as the list. Events in chain order (ascending seq), then every signed checkpoint, from one ' +
      'consistent snapshot. NDJSON: a `{"type":"export",...}` header line, `{"type":"event",...}` lines, ' +
      '`{"type":"checkpoint",...}` lines and a final `{"type":"end","events":n,"checkpoints":m}` line; an unfiltered ' +
      'NDJSON export can be verified offline with `npm run audit:verify -- --file <file>`. CSV (RFC 4180, CRLF): a ' +
      "`record_type` column says `event` or `checkpoint`; cells starting with = + - @, tab or CR get a leading `'` " +
      'so spreadsheets do not run them. At most two exports run at once per API process (429 beyond). Audited as `audit.export`.',
  })
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({
    description: 'The export, streamed as an attachment: `format=csv` gives text/csv, `format=ndjson` application/x-ndjson.',
    content: {
      'text/csv': { schema: { type: 'string', description: 'RFC 4180 CSV with CRLF line ends.' } },
      'application/x-ndjson': { schema: { type: 'string', description: 'One JSON object per line.' } },
    },
  })
  @ApiProblems(400, 401, 403, 429)
  async export(
    @CurrentActor() actor: AuthenticatedActor,
    @Query() query: AuditExportQueryDto,
  ): Promise<StreamableFile> {
    const file = await this.review.openExport(actor, auditFilterOf(query), query.format);
    return new StreamableFile(file.stream, {
      type: file.contentType,
      disposition: `attachment; filename="${file.filename}"`,
    });
  }

  @Get('verify')
  @Allow(Permission.AuditVerify)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Verify the whole hash chain (supervisor)',
    description:
      'Streams every event in seq order and checks each hash, each link to the previous hash, gaps, time order, the ' +
      'chain head, and the latest signed checkpoint (its HMAC signature, that the chain reaches its seq and has its ' +
      'head hash there). `firstInvalidSeq` is the lowest bad or missing seq. Audited as `audit.verify`.',
  })
  @ApiOkResponse({ type: VerificationDto })
  @ApiProblems(401, 403)
  verify(@CurrentActor() actor: AuthenticatedActor): Promise<VerificationDto> {
    return this.verification.verify(actor);
  }
}
