import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Passkey } from '@app/identity';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { UserDto } from '../../users/user.dto';
import { AuthenticationCredentialDto, RegistrationCredentialDto, TRANSPORTS } from './passkey-credential.dto';

const MFA_TOKEN = 'The `mfaToken` of the login answer: lives 5 minutes, serves one login, dies after 5 wrong answers.';

/** One of the caller's passkeys: never the public key or the credential id. */
export class PasskeyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Laptop' })
  name: string;

  @ApiProperty({ type: [String], enum: TRANSPORTS, description: 'How the browser reaches it, as it reported.' })
  transports: string[];

  @ApiProperty({ description: 'Synced to other devices by its provider (a multi-device passkey).' })
  backedUp: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastUsedAt: string | null;

  static of(passkey: Passkey): PasskeyDto {
    return {
      id: passkey.id,
      name: passkey.name,
      transports: passkey.transports,
      backedUp: passkey.backedUp,
      createdAt: passkey.createdAt.toISOString(),
      lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
    };
  }
}

export class PasskeyListDto {
  @ApiProperty({ type: [PasskeyDto] })
  items: PasskeyDto[];
}

export class MfaTokenDto {
  @ApiProperty({ description: MFA_TOKEN })
  @IsString()
  @Length(16, 256)
  mfaToken: string;
}

export class OptionalMfaTokenDto {
  @ApiPropertyOptional({ description: `${MFA_TOKEN} Absent: the bearer token's user.` })
  @IsOptional()
  @IsString()
  @Length(16, 256)
  mfaToken?: string;
}

export class RegisterPasskeyDto extends OptionalMfaTokenDto {
  @ApiProperty({ type: RegistrationCredentialDto, description: 'What `startRegistration()` returned.' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RegistrationCredentialDto)
  response: RegistrationCredentialDto;

  @ApiPropertyOptional({ maxLength: 100, example: 'Laptop', description: 'A name to tell it apart; default `Passkey N`.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}

export class AuthenticatePasskeyDto extends MfaTokenDto {
  @ApiProperty({ type: AuthenticationCredentialDto, description: 'What `startAuthentication()` returned.' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => AuthenticationCredentialDto)
  response: AuthenticationCredentialDto;
}

/** A registered passkey; recovery codes when it was the first factor; at enrolment also the login answer. */
export class PasskeyRegistrationDto {
  @ApiProperty({ type: PasskeyDto })
  passkey: PasskeyDto;

  @ApiPropertyOptional({
    type: [String],
    minItems: 10,
    maxItems: 10,
    description: 'When this was the user’s first factor: ten single-use recovery codes, shown this once (only their hashes are stored).',
  })
  recoveryCodes?: string[];

  @ApiPropertyOptional({ description: 'At enrolment: the access token (as POST /auth/login answers it).' })
  accessToken?: string;

  @ApiPropertyOptional({ description: 'At enrolment, in the JSON token flow: the refresh token (in a browser session: the cookie).' })
  refreshToken?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'At enrolment: seconds until the access token expires.' })
  expiresIn?: number;

  @ApiPropertyOptional({ type: UserDto, description: 'At enrolment: the user.' })
  user?: UserDto;
}
