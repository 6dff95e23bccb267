import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AGE_GROUPS,
  AgeGroup,
  CONCERN_TYPES,
  ConcernType,
  CONTACT_CHANNELS,
  ContactChannel,
  GENDERS,
  Gender,
  RiskFactors,
  SUPPORT_KINDS,
  SupportKind,
} from '@app/consultations';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsString,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull, trimmed } from './strict-validation';

export class SubjectDto {
  @ApiPropertyOptional({
    default: false,
    description:
      'Whether the request identifies the person it is about. Requests are de-identified by default: then the ' +
      'summary and messages are refused (400) if they contain a personal identity number, coordination number, ' +
      'email address or phone number.',
  })
  @OptionalNotNull()
  @IsBoolean()
  identified: boolean = false;

  @ApiPropertyOptional({ enum: AGE_GROUPS })
  @OptionalNotNull()
  @IsIn(AGE_GROUPS)
  ageGroup?: AgeGroup;

  @ApiPropertyOptional({ enum: GENDERS })
  @OptionalNotNull()
  @IsIn(GENDERS)
  gender?: Gender;
}

/** `implements RiskFactors`: a risk factor added to the vocabulary does not compile until it is here. */
export class RiskFactorsDto implements RiskFactors {
  @ApiProperty({
    description:
      'Someone is in immediate danger: the answer tells the requester to call 112, and the request is critical.',
    // Swagger UI fills a boolean without an example with true: "Try it out" must never file a critical request.
    example: false,
  })
  @IsDefined()
  @IsBoolean()
  immediateDanger: boolean;

  @ApiProperty({ example: false })
  @IsDefined()
  @IsBoolean()
  childrenInHousehold: boolean;

  @ApiPropertyOptional({ default: false })
  @OptionalNotNull()
  @IsBoolean()
  threatsToKill: boolean = false;

  @ApiPropertyOptional({ default: false })
  @OptionalNotNull()
  @IsBoolean()
  strangulation: boolean = false;

  @ApiPropertyOptional({ default: false })
  @OptionalNotNull()
  @IsBoolean()
  weaponAccess: boolean = false;

  @ApiPropertyOptional({ default: false })
  @OptionalNotNull()
  @IsBoolean()
  escalatingViolence: boolean = false;

  @ApiPropertyOptional({ default: false })
  @OptionalNotNull()
  @IsBoolean()
  traffickingIndicators: boolean = false;
}

export class PreferredContactDto {
  @ApiProperty({ enum: CONTACT_CHANNELS })
  @IsDefined()
  @IsIn(CONTACT_CHANNELS)
  channel: ContactChannel;

  @ApiPropertyOptional({
    example: '+46701234567',
    description: 'Required when channel is phone. The requester’s own number; stored encrypted.',
  })
  @ValidateIf((contact: PreferredContactDto) => contact.channel === 'phone' || contact.phone !== undefined)
  @IsDefined({ message: 'preferredContact.phone is required when the channel is phone' })
  @IsString()
  @Matches(/^\+?[0-9](?:[0-9 -]{5,20})[0-9]$/, {
    message:
      'phone must be a phone number: digits, optionally a leading +, spaces or dashes (7 to 22 characters)',
  })
  phone?: string;
}

/** POST /consultations (docs/api.md). Server-set fields (status, priority, requesterId, ...) do not exist here: sending them is 400. */
export class CreateConsultationDto {
  @ApiProperty({ enum: CONCERN_TYPES, isArray: true, minItems: 1 })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CONCERN_TYPES.length)
  @ArrayUnique()
  @IsIn(CONCERN_TYPES, { each: true })
  concernTypes: ConcernType[];

  @ApiProperty({
    minLength: 10,
    maxLength: 5000,
    description: 'De-identified description of the situation (stored encrypted).',
  })
  @IsDefined()
  @Transform(trimmed)
  @IsString()
  @Length(10, 5000)
  summary: string;

  @ApiPropertyOptional({ type: SubjectDto, description: 'Defaults to { identified: false }.' })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => SubjectDto)
  subject: SubjectDto = new SubjectDto();

  @ApiProperty({ type: RiskFactorsDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RiskFactorsDto)
  riskFactors: RiskFactorsDto;

  @ApiProperty({ enum: SUPPORT_KINDS, isArray: true, minItems: 1 })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUPPORT_KINDS.length)
  @ArrayUnique()
  @IsIn(SUPPORT_KINDS, { each: true })
  requestedSupport: SupportKind[];

  @ApiProperty({ type: PreferredContactDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PreferredContactDto)
  preferredContact: PreferredContactDto;
}
