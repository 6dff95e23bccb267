import { ApiProperty } from '@nestjs/swagger';
import { OwnSession, SESSION_METHODS } from '@app/identity';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** One of the caller's live logins. */
export class SessionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'date-time', description: 'When the login was opened.' })
  createdAt: Date;

  @ApiProperty({ format: 'date-time', description: 'When it was last used (to within a minute).' })
  lastUsedAt: Date;

  @ApiProperty({
    nullable: true,
    type: String,
    example: '192.0.2.10',
    description: 'The IP address that opened it.',
  })
  ip: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The User-Agent of the client that opened it (the first 256 characters).',
  })
  userAgent: string | null;

  @ApiProperty({
    enum: SESSION_METHODS,
    description: 'How it was opened: a password, a password and a second factor, or single sign-on.',
  })
  method: string;

  @ApiProperty({ description: 'The login this request was made with.' })
  current: boolean;

  static of(session: OwnSession): SessionDto {
    return { ...session };
  }
}

export class SessionListDto {
  @ApiProperty({
    type: [SessionDto],
    maxItems: 100,
    description: 'The most recently used first; at most 100.',
  })
  items: SessionDto[];
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword: string;

  @ApiProperty({
    minLength: 12,
    maxLength: 256,
    example: 'a new long passphrase',
    description: 'Stored only as an argon2id hash.',
  })
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  newPassword: string;
}
