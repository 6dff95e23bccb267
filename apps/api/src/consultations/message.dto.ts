import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MessageView, Page } from '@app/consultations';
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

  @ApiProperty({ example: 'investigator' })
  authorRole: string;

  @ApiProperty()
  body: string;

  @ApiProperty()
  internal: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static of(view: MessageView): MessageDto {
    return {
      id: view.id,
      consultationId: view.consultationId,
      authorId: view.authorId,
      authorRole: view.authorRole,
      body: view.body,
      internal: view.internal,
      createdAt: view.createdAt.toISOString(),
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
