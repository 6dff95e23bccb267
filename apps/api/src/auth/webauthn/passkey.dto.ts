import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Passkey } from '@app/identity';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { RegistrationCredentialDto, TRANSPORTS } from './passkey-credential.dto';

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

export class RegisterPasskeyDto {
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

export class RegisteredPasskeyDto {
  @ApiProperty({ type: PasskeyDto })
  passkey: PasskeyDto;
}
