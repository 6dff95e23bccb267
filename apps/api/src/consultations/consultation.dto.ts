import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import {
  AGE_GROUPS,
  CONCERN_TYPES,
  CONSULTATION_STATUSES,
  CONTACT_CHANNELS,
  ConsultationListItem,
  ConsultationView,
  CreatedConsultation,
  GENDERS,
  ImmediateDangerAdvice,
  UNREADABLE_CONSULTATION_FIELDS,
  UnreadableConsultationField,
  OUTCOMES,
  PRIORITIES,
  RiskFactors,
  SUPPORT_KINDS,
} from '@app/consultations';
import type { Page } from '@app/platform';

class SubjectView {
  @ApiProperty()
  identified: boolean;

  @ApiPropertyOptional({ enum: AGE_GROUPS })
  ageGroup?: string;

  @ApiPropertyOptional({ enum: GENDERS })
  gender?: string;
}

/** Exhaustive over the vocabulary (`implements RiskFactors`), like the request's RiskFactorsDto. */
class RiskFactorsView implements RiskFactors {
  @ApiProperty() immediateDanger: boolean;
  @ApiProperty() childrenInHousehold: boolean;
  @ApiProperty() threatsToKill: boolean;
  @ApiProperty() strangulation: boolean;
  @ApiProperty() weaponAccess: boolean;
  @ApiProperty() escalatingViolence: boolean;
  @ApiProperty() traffickingIndicators: boolean;
}

class PreferredContactView {
  @ApiProperty({ enum: CONTACT_CHANNELS })
  channel: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Null only when the stored value cannot be decrypted (see `unreadableFields`).',
  })
  phone?: string | null;
}

class PriorityOverrideDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why a person set the priority. Null only when unreadable (see `unreadableFields`).',
  })
  reason: string | null;

  @ApiProperty({ format: 'uuid' })
  overriddenBy: string;

  @ApiProperty({ format: 'date-time' })
  overriddenAt: string;
}

class LegalHoldViewDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Why the request is held (encrypted at rest). Null only when unreadable (see `unreadableFields`).',
  })
  reason: string | null;

  @ApiProperty({ format: 'date-time', description: 'When the hold was set.' })
  since: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The supervisor who set it.' })
  by: string | null;
}

/** Every field of a view, each answered in its own form (dates as strings, groups as DTOs). */
type AnswersEvery<View> = { [K in keyof View]: unknown };

/**
 * `consultation` in docs/api.md. Implements AnswersEvery<ConsultationView>: a column that reaches
 * the view (every entity column not hidden by CONSULTATION_COLUMNS_NOT_IN_VIEW) does not compile
 * until it is declared here and mapped in `of`.
 */
export class ConsultationDto implements AnswersEvery<ConsultationView> {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'KONS-2026-000123' })
  reference: string;

  @ApiProperty({ enum: CONSULTATION_STATUSES })
  status: string;

  @ApiProperty({
    type: 'integer',
    description: 'Bumped by every change; send it as If-Match to change the request.',
  })
  version: number;

  @ApiProperty({ enum: CONCERN_TYPES, isArray: true })
  concernTypes: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Null only when the stored value cannot be decrypted (see `unreadableFields`).',
  })
  summary: string | null;

  @ApiProperty({ type: SubjectView })
  subject: SubjectView;

  @ApiProperty({ type: RiskFactorsView })
  riskFactors: RiskFactorsView;

  @ApiProperty({ enum: SUPPORT_KINDS, isArray: true })
  requestedSupport: string[];

  @ApiProperty({ type: PreferredContactView })
  preferredContact: PreferredContactView;

  @ApiProperty({
    enum: PRIORITIES,
    nullable: true,
    description: 'Set by triage; `critical` at once when immediateDanger. Null until triaged.',
  })
  priority: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  riskScore: number | null;

  @ApiProperty({ type: [String], description: 'The factors that counted in triage.' })
  triageReasons: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'First-response deadline.' })
  slaDueAt: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  assigneeId: string | null;

  @ApiProperty({ format: 'uuid' })
  requesterId: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  organizationId: string | null;

  @ApiProperty({ enum: OUTCOMES, nullable: true })
  outcome: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When the request was closed or withdrawn (null while open; cleared by a reopen). It is purged ' +
      'RETENTION_CLOSED_DAYS after this unless under legal hold.',
  })
  closedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiPropertyOptional({
    type: PriorityOverrideDto,
    nullable: true,
    description: 'Staff only: the latest priority set by a person, and why.',
  })
  priorityOverride?: PriorityOverrideDto | null;

  @ApiPropertyOptional({
    type: LegalHoldViewDto,
    nullable: true,
    description:
      'Staff only: the legal hold that keeps the request from being purged (POST/DELETE ' +
      '/consultations/{id}/legal-hold); null when none.',
  })
  legalHold?: LegalHoldViewDto | null;

  @ApiPropertyOptional({
    enum: UNREADABLE_CONSULTATION_FIELDS,
    isArray: true,
    example: ['summary'],
    description:
      'Present only when a stored encrypted field could not be decrypted (altered, copied from another ' +
      'request, or under a key no longer configured). Those fields are null; everything else is answered, so ' +
      'an urgent request stays workable. Each occurrence is logged and audited as ' +
      '`consultation.integrity_failure`.',
  })
  unreadableFields?: UnreadableConsultationField[];

  static of(view: ConsultationView): ConsultationDto {
    const dto: ConsultationDto = {
      id: view.id,
      reference: view.reference,
      status: view.status,
      version: view.version,
      concernTypes: view.concernTypes,
      summary: view.summary,
      subject: view.subject,
      riskFactors: view.riskFactors,
      requestedSupport: view.requestedSupport,
      preferredContact: view.preferredContact,
      priority: view.priority,
      riskScore: view.riskScore,
      triageReasons: view.triageReasons,
      slaDueAt: view.slaDueAt ? view.slaDueAt.toISOString() : null,
      assigneeId: view.assigneeId,
      requesterId: view.requesterId,
      organizationId: view.organizationId,
      outcome: view.outcome,
      closedAt: view.closedAt ? view.closedAt.toISOString() : null,
      createdAt: view.createdAt.toISOString(),
      updatedAt: view.updatedAt.toISOString(),
    };
    if (view.priorityOverride !== undefined) {
      dto.priorityOverride = view.priorityOverride && {
        reason: view.priorityOverride.reason,
        overriddenBy: view.priorityOverride.overriddenBy,
        overriddenAt: view.priorityOverride.overriddenAt.toISOString(),
      };
    }
    if (view.legalHold !== undefined) {
      dto.legalHold = view.legalHold && {
        reason: view.legalHold.reason,
        since: view.legalHold.since.toISOString(),
        by: view.legalHold.by,
      };
    }
    if (view.unreadableFields !== undefined) dto.unreadableFields = view.unreadableFields;
    return dto;
  }
}

class ReferralResourceDto {
  @ApiProperty({ example: 'National support line for prostitution and human trafficking' })
  name: string;

  @ApiPropertyOptional({ example: '020-390 000' })
  phone?: string;

  @ApiPropertyOptional()
  url?: string;

  @ApiPropertyOptional()
  description?: string;
}

export class AdviceDto {
  @ApiProperty({
    example: 'Someone may be in immediate danger: call 112 now. Do not wait for an answer here.',
  })
  message: string;

  @ApiProperty({ example: '112' })
  emergencyNumber: string;

  @ApiProperty({ type: [ReferralResourceDto], description: 'Where else to turn (configured, not fixed).' })
  resources: ReferralResourceDto[];

  static of(advice: ImmediateDangerAdvice): AdviceDto {
    return { message: advice.message, emergencyNumber: advice.emergencyNumber, resources: advice.resources };
  }
}

export class CreatedConsultationDto extends ConsultationDto {
  @ApiPropertyOptional({
    type: AdviceDto,
    description: 'Present when riskFactors.immediateDanger is true: call 112 now.',
  })
  advice?: AdviceDto;

  static fromCreated(created: CreatedConsultation): CreatedConsultationDto {
    return {
      ...ConsultationDto.of(created.consultation),
      ...(created.advice ? { advice: AdviceDto.of(created.advice) } : {}),
    };
  }
}

class SuggestedAssigneeView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Demo investigator' })
  displayName: string;
}

class ListContactView {
  @ApiProperty({ enum: CONTACT_CHANNELS })
  channel: string;
}

/**
 * An item of GET /consultations and GET /triage-queue: the request's facts, no case text (no
 * summary, no contact details, no override reason). Reading the text is GET /consultations/:id,
 * audited per case.
 */
export class ConsultationListItemDto extends PickType(ConsultationDto, [
  'id',
  'reference',
  'status',
  'version',
  'concernTypes',
  'riskScore',
  'triageReasons',
  'slaDueAt',
  'assigneeId',
  'requesterId',
  'organizationId',
  'outcome',
  'createdAt',
  'updatedAt',
] as const) {
  @ApiProperty({ type: ListContactView, description: 'The channel only; the phone number is case text.' })
  preferredContact: ListContactView;

  @ApiProperty({ enum: PRIORITIES, nullable: true, description: 'Null until triaged.' })
  priority: string | null;

  @ApiPropertyOptional({
    type: SuggestedAssigneeView,
    nullable: true,
    description:
      'Staff only (absent for requesters): the on-duty investigator with the fewest open requests when triage ' +
      'ran; null when nobody was on duty or the request is not triaged yet. A suggestion: nobody is assigned by it.',
  })
  suggestedAssignee?: SuggestedAssigneeView | null;

  static of(item: ConsultationListItem): ConsultationListItemDto {
    return {
      id: item.id,
      reference: item.reference,
      status: item.status,
      version: item.version,
      concernTypes: item.concernTypes,
      preferredContact: { channel: item.preferredContact.channel },
      priority: item.priority,
      riskScore: item.riskScore,
      triageReasons: item.triageReasons,
      slaDueAt: item.slaDueAt ? item.slaDueAt.toISOString() : null,
      assigneeId: item.assigneeId,
      requesterId: item.requesterId,
      organizationId: item.organizationId,
      outcome: item.outcome,
      createdAt: item.createdAt.toISOString(),
      updatedAt: item.updatedAt.toISOString(),
      ...(item.suggestedAssignee !== undefined ? { suggestedAssignee: item.suggestedAssignee } : {}),
    };
  }
}

export class ConsultationPageDto {
  @ApiProperty({ type: [ConsultationListItemDto] })
  items: ConsultationListItemDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as ?cursor= for the next page; null on the last.',
  })
  nextCursor: string | null;

  static of(page: Page<ConsultationListItem>): ConsultationPageDto {
    return { items: page.items.map((item) => ConsultationListItemDto.of(item)), nextCursor: page.nextCursor };
  }
}
