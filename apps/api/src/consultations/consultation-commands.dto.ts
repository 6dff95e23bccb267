import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONCERN_TYPES,
  ConcernType,
  CONSULTATION_STATUSES,
  ConsultationOutcome,
  ConsultationStatus,
  OUTCOMES,
  PRIORITIES,
  Priority,
} from '@app/consultations';
import { Transform } from 'class-transformer';
import { IsDefined, IsIn, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../common/page-query.dto';
import { OptionalNotNull, trimmed } from './strict-validation';

export class ConsultationIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class AssignConsultationDto {
  @ApiProperty({ format: 'uuid', description: 'An active investigator.' })
  @IsDefined()
  @IsUUID('all', { message: 'investigatorId must be a UUID' })
  investigatorId: string;
}

export class TriageOverrideDto {
  @ApiProperty({ enum: PRIORITIES })
  @IsDefined()
  @IsIn(PRIORITIES)
  priority: Priority;

  @ApiProperty({
    minLength: 3,
    maxLength: 1000,
    description: 'Why the priority is set so (stored encrypted; staff only).',
  })
  @IsDefined()
  @Transform(trimmed)
  @IsString()
  @Length(3, 1000)
  reason: string;
}

export class TransitionDto {
  @ApiProperty({ enum: CONSULTATION_STATUSES })
  @IsDefined()
  @IsIn(CONSULTATION_STATUSES)
  to: ConsultationStatus;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Stored encrypted with the status history.' })
  @OptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @Length(1, 2000)
  reason?: string;

  @ApiPropertyOptional({
    enum: OUTCOMES,
    description: 'Required when `to` is closed; not allowed otherwise.',
  })
  @ValidateIf((dto: TransitionDto) => dto.to === 'closed' || dto.outcome !== undefined)
  @IsDefined({ message: 'outcome is required when closing a request' })
  @IsIn(OUTCOMES)
  outcome?: ConsultationOutcome;
}

export class ListConsultationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CONSULTATION_STATUSES })
  @OptionalNotNull()
  @IsIn(CONSULTATION_STATUSES)
  status?: ConsultationStatus;

  @ApiPropertyOptional({ enum: PRIORITIES })
  @OptionalNotNull()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalNotNull()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string;

  @ApiPropertyOptional({ enum: CONCERN_TYPES })
  @OptionalNotNull()
  @IsIn(CONCERN_TYPES)
  concernType?: ConcernType;
}
