import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ConsultationIntakeService,
  ConsultationReadingService,
  ConsultationWorkflowService,
} from '@app/consultations';
import { AccessResource, Allow, AuthenticatedActor, CurrentActor, Permission } from '@app/identity';
import { ApiProblems } from '../common/api-problems.decorator';
import { IfMatchVersion } from '../common/if-match.decorator';
import {
  AssignConsultationDto,
  ConsultationIdParams,
  ListConsultationsQueryDto,
  TransitionDto,
  TriageOverrideDto,
} from './consultation-commands.dto';
import { ConsultationDto, ConsultationPageDto, CreatedConsultationDto } from './consultation.dto';
import { CreateConsultationDto } from './create-consultation.dto';
import { IdempotencyKey } from './idempotency-key.decorator';
import { NoBodyPipe } from '../common/no-body.pipe';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description:
    'The version the change is based on (`3`, `"3"` or `W/"3"`); 412 when stale. `*` matches any version (no check).',
};

@ApiTags('consultations')
@ApiBearerAuth('bearer')
@AccessResource('consultation')
@Controller('consultations')
export class ConsultationsController {
  constructor(
    private readonly intake: ConsultationIntakeService,
    private readonly reading: ConsultationReadingService,
    private readonly workflow: ConsultationWorkflowService,
  ) {}

  @Post()
  @Allow(Permission.ConsultationCreate)
  @ApiOperation({
    summary: 'File a consultation request (requester)',
    description:
      'Answers 201 with `status: submitted`; triage follows within seconds. With `Idempotency-Key`, the same key and ' +
      'body again (within 24 hours) returns the same request and creates nothing; the same key with another body is ' +
      '422. When `riskFactors.immediateDanger` is true the answer carries `advice` (call 112). In a de-identified ' +
      'request (`subject.identified` false, the default) a summary with identifying data is refused with 400. ' +
      'A requester may file INTAKE_LIMIT_PER_HOUR requests (default 30) in any 60 minutes; past it 429 with ' +
      '`Retry-After` (seconds until one more fits), and supervisors are told. Idempotent replays do not count.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: '1 to 255 visible ASCII characters, per user.',
  })
  @ApiCreatedResponse({ type: CreatedConsultationDto })
  @ApiProblems(400, 401, 403, 413, 415, 422, 429)
  async create(
    @CurrentActor() actor: AuthenticatedActor,
    @Body() dto: CreateConsultationDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CreatedConsultationDto> {
    return CreatedConsultationDto.fromCreated(
      await this.intake.requestConsultation(actor, dto, idempotencyKey),
    );
  }

  @Get()
  @Allow(Permission.ConsultationList)
  @ApiOperation({
    summary: 'List consultation requests, newest first',
    description:
      'Requesters see their own requests only; investigators and supervisors see all. Cursor pagination. Items ' +
      'carry no case text (no summary, no contact details, no override reason): reading the text of a case is ' +
      'GET /consultations/{id}, audited per case.',
  })
  @ApiOkResponse({ type: ConsultationPageDto })
  @ApiProblems(400, 401, 403)
  async list(
    @CurrentActor() actor: AuthenticatedActor,
    @Query() { status, priority, assigneeId, concernType, limit, cursor }: ListConsultationsQueryDto,
  ): Promise<ConsultationPageDto> {
    return ConsultationPageDto.of(
      await this.reading.list(actor, { status, priority, assigneeId, concernType }, { limit, cursor }),
    );
  }

  @Get(':id')
  @Allow(Permission.ConsultationRead)
  @ApiOperation({
    summary: 'Read one consultation request',
    description:
      "Another requester's request is 404. A purged request (docs/retention.md) is 410 with its tombstone " +
      '(`reference`, `status`, `priority`, `concernTypes`, `outcome`, `createdAt`, `closedAt`, `purgedAt`), as is ' +
      'every other route on it (claim, assign, triage, transitions, messages, legal hold); its access log stays.',
  })
  @ApiOkResponse({ type: ConsultationDto })
  @ApiProblems(400, 401, 403, 404, 410)
  async get(
    @CurrentActor() actor: AuthenticatedActor,
    @Param() { id }: ConsultationIdParams,
  ): Promise<ConsultationDto> {
    return ConsultationDto.of(await this.reading.get(actor, id));
  }

  @Post(':id/claim')
  @HttpCode(HttpStatus.OK)
  @Allow(Permission.ConsultationClaim)
  @ApiOperation({
    summary: 'Take an open, unassigned request (investigator)',
    description:
      'Assigns it to the caller, status `assigned`. 409 if someone else holds it: of concurrent claims exactly one wins.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ConsultationDto })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async claim(
    @CurrentActor() actor: AuthenticatedActor,
    @Param() { id }: ConsultationIdParams,
    @IfMatchVersion() version: number | undefined,
    @Body(NoBodyPipe) _body: unknown,
  ): Promise<ConsultationDto> {
    return ConsultationDto.of(await this.workflow.claim(actor, id, version));
  }

  @Post(':id/assign')
  @HttpCode(HttpStatus.OK)
  @Allow(Permission.ConsultationAssign)
  @ApiOperation({
    summary: 'Assign or reassign a request to an active investigator (supervisor)',
    description: 'An open request moves to `assigned`; one already being worked keeps its status.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ConsultationDto })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async assign(
    @CurrentActor() actor: AuthenticatedActor,
    @Param() { id }: ConsultationIdParams,
    @Body() dto: AssignConsultationDto,
    @IfMatchVersion() version: number | undefined,
  ): Promise<ConsultationDto> {
    return ConsultationDto.of(await this.workflow.assign(actor, id, dto.investigatorId, version));
  }

  @Post(':id/triage')
  @HttpCode(HttpStatus.OK)
  @Allow(Permission.ConsultationTriage)
  @ApiOperation({
    summary: "Override the worker's priority, with the reason (investigator, supervisor)",
    description:
      'A priority set by a person is kept when the worker triages later. The deadline follows: the worker recomputes ' +
      '`slaDueAt` for the new priority from the filing time (critical: 60 minutes around the clock; the others in ' +
      'business hours) within seconds of the answer, which therefore still shows the old deadline, and schedules the ' +
      "new deadline's warning and escalation (the version goes up again when it does). 409 for a closed or " +
      'withdrawn request. Lowering the priority of a request held by someone else, or setting an ' +
      '`immediateDanger` request below `critical`, is for supervisors only: 403 for an investigator, audited as ' +
      '`access.denied` on the consultation. Raising is open to investigators.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ConsultationDto })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async triage(
    @CurrentActor() actor: AuthenticatedActor,
    @Param() { id }: ConsultationIdParams,
    @Body() dto: TriageOverrideDto,
    @IfMatchVersion() version: number | undefined,
  ): Promise<ConsultationDto> {
    return ConsultationDto.of(await this.workflow.overrideTriage(actor, id, dto, version));
  }

  @Post(':id/transitions')
  @HttpCode(HttpStatus.OK)
  @Allow(Permission.ConsultationTransition)
  @ApiOperation({
    summary: 'Move a request along its workflow',
    description:
      'assigned → in_progress ⇄ awaiting_requester → closed (staff; closing needs `outcome`); a requester may withdraw ' +
      'their own submitted, triaged or assigned request; a supervisor may reopen closed → in_progress. Any other move ' +
      'is 409 with `allowedMoves`. A case assigned to an investigator is theirs to work: another investigator may not ' +
      'move it (409 "This request is held by another investigator.", `allowedMoves: []`), while its assignee and ' +
      'every supervisor keep their moves (a supervisor may act on any case, e.g. close one whose investigator is away).',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ConsultationDto })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async transition(
    @CurrentActor() actor: AuthenticatedActor,
    @Param() { id }: ConsultationIdParams,
    @Body() dto: TransitionDto,
    @IfMatchVersion() version: number | undefined,
  ): Promise<ConsultationDto> {
    return ConsultationDto.of(await this.workflow.transition(actor, id, dto, version));
  }
}
