import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsultationRetentionService } from '@app/consultations';
import { Allow, AuthenticatedActor, CurrentActor, Permission } from '@app/identity';
import { ApiProblems } from '../common/api-problems.decorator';
import { IfMatchVersion } from '../common/if-match.decorator';
import { NoBodyPipe } from '../common/no-body.pipe';
import { ConsultationIdParams } from '../consultations/consultation-commands.dto';
import { ConsultationDto } from '../consultations/consultation.dto';
import { LegalHoldDto } from './retention.dto';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The version the change is based on; 412 when stale. `*` matches any version.',
};

@ApiTags('retention')
@ApiBearerAuth('bearer')
@Controller('consultations')
export class LegalHoldController {
  constructor(private readonly retention: ConsultationRetentionService) {}

  @Post(':id/legal-hold')
  @HttpCode(HttpStatus.OK)
  @Allow(Permission.ConsultationLegalHold)
  @ApiOperation({
    summary: 'Put a request under legal hold, with the reason (supervisor)',
    description:
      'A request under legal hold is never purged, whatever its age (docs/retention.md). Setting it again replaces ' +
      'the reason. Any status. Answers the consultation with `legalHold: { reason, since, by }`. Audited as ' +
      '`consultation.legal_hold` (the reason is not in the audit trail). 410 for a purged request.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ConsultationDto })
  @ApiProblems(400, 401, 403, 404, 410, 412)
  async hold(
    @CurrentActor() actor: AuthenticatedActor,
    @Param() { id }: ConsultationIdParams,
    @Body() dto: LegalHoldDto,
    @IfMatchVersion() version: number | undefined,
  ): Promise<ConsultationDto> {
    return ConsultationDto.of(await this.retention.setLegalHold(actor, id, dto.reason, version));
  }

  @Delete(':id/legal-hold')
  @Allow(Permission.ConsultationLegalHold)
  @ApiOperation({
    summary: 'Release a legal hold (supervisor)',
    description:
      'Answers the consultation with `legalHold: null`; also when it had none. The request is purged by the next ' +
      'daily run if it is past its retention time. Audited as `consultation.legal_hold_release`.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ConsultationDto })
  @ApiProblems(400, 401, 403, 404, 410, 412)
  async release(
    @CurrentActor() actor: AuthenticatedActor,
    @Param() { id }: ConsultationIdParams,
    @Body(NoBodyPipe) _body: unknown,
    @IfMatchVersion() version: number | undefined,
  ): Promise<ConsultationDto> {
    return ConsultationDto.of(await this.retention.releaseLegalHold(actor, id, version));
  }
}
