import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import {
  AUDIT_OUTCOMES,
  AuditEventFilter,
  AuditOutcomeValue,
  ChainVerdict,
  CheckpointStatus,
  EXPORT_FORMATS,
  ExportFormat,
} from '@app/audit';
import { ROLES } from '@app/identity';
import { SYSTEM_ROLE } from '@app/platform';
import { ACCESS_REPORT_RULES, AccessReport } from '@app/oversight';
import { Transform } from 'class-transformer';
import { IsDate, IsDefined, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '../common/page-query.dto';

/** Who an audit event names as actor: a role, the worker (`system`), or nobody signed in (`anonymous`). */
const AUDIT_ACTOR_ROLES = [...ROLES, SYSTEM_ROLE, 'anonymous'];

/** A date (UTC midnight) or a date-time with `Z` or an offset; a time without a zone is ambiguous and refused. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
const toDate = ({ value }: { value: unknown }) =>
  typeof value === 'string' && ISO_8601.test(value) ? new Date(value) : value;
const TIMESTAMP_MESSAGE = (name: string) =>
  `${name} must be an ISO 8601 date or date-time with a time zone, e.g. 2026-11-02T08:00:00Z`;

/** The filters of GET /audit-events and its export (api.md "Audit trail"), ANDed. */
export class AuditEventFilterQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Who acted.' })
  @IsOptional()
  @IsUUID('all', { message: 'actorId must be a UUID' })
  actorId?: string;

  @ApiPropertyOptional({
    example: 'consultation.read',
    description: 'An action name, e.g. `consultation.read`, `access.denied`.',
  })
  @IsOptional()
  @Matches(/^[a-z][a-z_]{0,40}(\.[a-z_]{1,40}){0,3}$/, {
    message: 'action must be an action name such as consultation.read',
  })
  action?: string;

  @ApiPropertyOptional({ example: 'consultation' })
  @IsOptional()
  @Matches(/^[a-z][a-z_]{0,63}$/, { message: 'resourceType must be a resource type such as consultation' })
  resourceType?: string;

  @ApiPropertyOptional({ description: 'The id of the resource (usually a UUID).' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'resourceId must be 1-128 letters, digits or . _ : -' })
  resourceId?: string;

  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES })
  @IsOptional()
  @IsIn(AUDIT_OUTCOMES, { message: `outcome must be one of ${AUDIT_OUTCOMES.join(', ')}` })
  outcome?: AuditOutcomeValue;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Events at or after this time.' })
  @IsOptional()
  @Transform(toDate)
  @IsDate({ message: TIMESTAMP_MESSAGE('from') })
  from?: Date;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Events before this time (exclusive); must be after `from`.',
  })
  @IsOptional()
  @Transform(toDate)
  @IsDate({ message: TIMESTAMP_MESSAGE('to') })
  to?: Date;
}

/** The filter part of a query (a function, not a method: IntersectionType copies fields, not methods). */
export function auditFilterOf(query: AuditEventFilterQueryDto): AuditEventFilter {
  const { actorId, action, resourceType, resourceId, outcome, from, to } = query;
  return { actorId, action, resourceType, resourceId, outcome, from, to };
}

export class AuditEventQueryDto extends IntersectionType(AuditEventFilterQueryDto, PageQueryDto) {}

export class AuditExportQueryDto extends AuditEventFilterQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsDefined({ message: 'format is required: csv or ndjson' })
  @IsIn(EXPORT_FORMATS, { message: 'format must be csv or ndjson' })
  format: ExportFormat;
}

export class ConsultationAccessLogParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class AccessReportQueryDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'Start of the period (inclusive).' })
  @IsDefined({ message: 'from is required' })
  @Transform(toDate)
  @IsDate({ message: TIMESTAMP_MESSAGE('from') })
  from: Date;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description: `End of the period (exclusive); after \`from\`, at most ${ACCESS_REPORT_RULES.maxPeriodDays} days later.`,
  })
  @IsDefined({ message: 'to is required' })
  @Transform(toDate)
  @IsDate({ message: TIMESTAMP_MESSAGE('to') })
  to: Date;
}

// ------------------------------------------------------------------------------------ answers

/** api.md `auditEvent`, plus `userAgent` (hashed like every other field, so exports verify offline). */
export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer', description: 'Position in the hash chain: 1, 2, 3, ... without gaps.' })
  seq: number;
  @ApiProperty({
    format: 'date-time',
    description: 'Stamped by the database under the chain lock; never decreases along the chain.',
  })
  occurredAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty({
    enum: AUDIT_ACTOR_ROLES,
    example: 'investigator',
    description: 'A role, or `system` (worker) or `anonymous`.',
  })
  actorRole: string;
  @ApiProperty({ example: 'consultation.read' }) action: string;
  @ApiProperty({ example: 'consultation' }) resourceType: string;
  @ApiProperty({ nullable: true, type: String }) resourceId: string | null;
  @ApiProperty({ enum: AUDIT_OUTCOMES }) outcome: string;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Names and statuses only; never case text, passwords or tokens.',
  })
  details: Record<string, unknown>;
  @ApiProperty({ description: 'SHA-256 (hex) of `v1|seq|prevHash|canonical body` (docs/audit.md).' })
  hash: string;
  @ApiProperty({ description: 'The previous event’s hash; 64 zeros for the first.' }) prevHash: string;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class AuditCheckpointDto {
  @ApiProperty({ type: 'integer' }) seq: number;
  @ApiProperty({ description: 'The chain’s head hash at `seq`.' }) headHash: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    description:
      'HMAC-SHA256 (hex) with AUDIT_SIGNING_KEY over `consult-intake/audit-checkpoint/v1|seq|headHash|createdAt`.',
  })
  signature: string;
  @ApiProperty({
    example: 'hmac-0123456789abcdef',
    description: 'Names the signing key without revealing it.',
  })
  keyId: string;
}

export class AuditCheckpointPageDto {
  @ApiProperty({ type: [AuditCheckpointDto] }) items: AuditCheckpointDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

class CheckpointVerdictDto {
  @ApiProperty({ type: 'integer' }) seq: number;
  @ApiProperty() headHash: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() keyId: string;
  @ApiProperty({ enum: ['valid', 'signature_invalid', 'unknown_key', 'hash_mismatch', 'truncated'] })
  status: CheckpointStatus;
}

export class VerificationDto implements ChainVerdict {
  @ApiProperty() valid: boolean;
  @ApiProperty({ type: 'integer', description: 'Events read and checked, in seq order.' })
  checkedEvents: number;
  @ApiProperty({ description: 'Hash of the last event read (64 zeros for an empty trail).' })
  headHash: string;
  @ApiProperty({ type: 'integer', description: 'Seq of the last event read.' }) headSeq: number;
  @ApiProperty({
    nullable: true,
    type: 'integer',
    description:
      'Lowest seq found wrong or missing; null when valid, or when only the checkpoint signature is at fault.',
  })
  firstInvalidSeq: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    enum: [
      'seq_gap',
      'seq_out_of_order',
      'broken_link',
      'hash_mismatch',
      'time_regression',
      'malformed_event',
      'head_mismatch',
      'truncated_before_checkpoint',
      'checkpoint_hash_mismatch',
      'checkpoint_signature_invalid',
      'checkpoint_key_unknown',
    ],
  })
  reason: ChainVerdict['reason'];
  @ApiProperty({
    type: CheckpointVerdictDto,
    nullable: true,
    description: 'The latest signed checkpoint and what was found about it.',
  })
  checkpoint: CheckpointVerdictDto | null;
}

class FindingDto {
  @ApiProperty({
    type: 'integer',
    description: 'Events behind this finding (all of them, even when `eventIds` is cut).',
  })
  count: number;
  @ApiProperty({
    type: [String],
    description: `Ids of the audit events behind it, at most ${ACCESS_REPORT_RULES.maxIdsPerFinding}.`,
  })
  eventIds: string[];
  @ApiProperty() truncated: boolean;
}

class UnassignedReadsDto extends FindingDto {
  @ApiProperty({ type: [String] }) consultationIds: string[];
}

class UnusualVolumeDto extends FindingDto {
  @ApiProperty() flagged: boolean;
  @ApiProperty({
    description:
      'Median of the user’s daily reads over the 30 days before the period (days without reads count 0).',
  })
  baselineDailyMedian: number;
  @ApiProperty({
    type: 'integer',
    description: 'More reads than this in the period is unusual: max(20, ceil(3 × median × days)).',
  })
  threshold: number;
}

class UserAccessReviewDto {
  @ApiProperty({ format: 'uuid' }) actorId: string;
  @ApiProperty({ enum: AUDIT_ACTOR_ROLES }) actorRole: string;
  @ApiProperty({ type: 'integer', description: 'Successful consultation reads in the period.' })
  reads: number;
  @ApiProperty({
    type: UnassignedReadsDto,
    description: 'Reads of cases neither assigned to them nor open in the triage queue at the time.',
  })
  readsNotAssignedOrQueued: UnassignedReadsDto;
  @ApiProperty({
    type: FindingDto,
    description:
      'Reads outside the configured business hours (default Mon–Fri 08:00–17:00 Europe/Stockholm).',
  })
  readsOutsideBusinessHours: FindingDto;
  @ApiProperty({ type: UnusualVolumeDto }) unusualVolume: UnusualVolumeDto;
}

class AccessReportTotalsDto {
  @ApiProperty({ type: 'integer' }) reads: number;
  @ApiProperty({ type: 'integer' }) readers: number;
  @ApiProperty({ type: 'integer' }) usersFlagged: number;
}

export class AccessReportDto implements Omit<AccessReport, 'rules'> {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The rules applied (docs/audit.md "Access follow-up").',
  })
  rules: typeof ACCESS_REPORT_RULES;
  @ApiProperty({ type: AccessReportTotalsDto }) totals: AccessReportTotalsDto;
  @ApiProperty({ type: [UserAccessReviewDto], description: 'Users with at least one finding, by id.' })
  users: UserAccessReviewDto[];
}
