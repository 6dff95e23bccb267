import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES } from '@app/identity';
import { MessageView, UNREADABLE_MESSAGE_FIELDS, UnreadableMessageField } from '@app/consultations';
import type { Page } from '@app/platform';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDefined, IsString, Length } from 'class-validator';
import { OptionalNotNull, trimmed } from './strict-validation';

export class CreateMessageDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 5000,
    description: 'Stored encrypted. In a de-identified request, identifying data is refused.',
  })
  @IsDefined()
  @Transform(trimmed)
  @IsString()
  @Length(1, 5000)
  body: string;

  @ApiPropertyOptional({
    default: false,
    description: 'An internal note, never shown to the requester. Staff only (403 otherwise).',
  })
  @OptionalNotNull()
  @IsBoolean()
  internal?: boolean;
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  consultationId: string;

  @ApiProperty({ format: 'uuid' })
  authorId: string;

  @ApiProperty({ enum: ROLES, example: 'investigator' })
  authorRole: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Null only when the stored value cannot be decrypted (see `unreadableFields`).',
  })
  body: string | null;

  @ApiProperty()
  internal: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({
    enum: UNREADABLE_MESSAGE_FIELDS,
    isArray: true,
    example: ['body'],
    description:
      'Present only when the stored body could not be decrypted (altered, copied from another message, or ' +
      'under a key no longer configured); it is then null. Logged and audited as ' +
      '`consultation.integrity_failure`.',
  })
  unreadableFields?: UnreadableMessageField[];

  static of(view: MessageView): MessageDto {
    return {
      id: view.id,
      consultationId: view.consultationId,
      authorId: view.authorId,
      authorRole: view.authorRole,
      body: view.body,
      internal: view.internal,
      createdAt: view.createdAt.toISOString(),
      ...(view.unreadableFields !== undefined ? { unreadableFields: view.unreadableFields } : {}),
    };
  }
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto] })
  items: MessageDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;

  static of(page: Page<MessageView>): MessagePageDto {
    return { items: page.items.map((view) => MessageDto.of(view)), nextCursor: page.nextCursor };
  }
}
