import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TRANSPORTS } from './passkey-credential.dto';

/**
 * The options answers, as W3C WebAuthn's JSON forms (PublicKeyCredentialCreationOptionsJSON,
 * PublicKeyCredentialRequestOptionsJSON) and SimpleWebAuthn produce them: hand them to
 * `startRegistration({ optionsJSON })` or `startAuthentication({ optionsJSON })`.
 */
class RelyingPartyEntityDto {
  @ApiPropertyOptional({ example: 'intake.example.org' })
  id?: string;

  @ApiProperty({ example: 'Konsultation' })
  name: string;
}

class UserEntityDto {
  @ApiProperty({ description: 'The user handle, base64url (opaque).' })
  id: string;

  @ApiProperty({ description: 'The account’s email.' })
  name: string;

  @ApiProperty()
  displayName: string;
}

class CredentialParameterDto {
  @ApiProperty({ type: 'integer', example: -7 })
  alg: number;

  @ApiProperty({ enum: ['public-key'] })
  type: string;
}

class CredentialDescriptorDto {
  @ApiProperty({ description: 'Credential id, base64url.' })
  id: string;

  @ApiProperty({ enum: ['public-key'] })
  type: string;

  @ApiPropertyOptional({ type: [String], enum: TRANSPORTS })
  transports?: string[];
}

class AuthenticatorSelectionDto {
  @ApiPropertyOptional({ enum: ['platform', 'cross-platform'] })
  authenticatorAttachment?: string;

  @ApiPropertyOptional()
  requireResidentKey?: boolean;

  @ApiPropertyOptional({ enum: ['discouraged', 'preferred', 'required'] })
  residentKey?: string;

  @ApiPropertyOptional({ enum: ['discouraged', 'preferred', 'required'] })
  userVerification?: string;
}

export class PasskeyCreationOptionsDto {
  @ApiProperty({ type: RelyingPartyEntityDto })
  rp: RelyingPartyEntityDto;

  @ApiProperty({ type: UserEntityDto })
  user: UserEntityDto;

  @ApiProperty({ description: 'base64url; single use, bound to this login or second-factor step, valid two minutes.' })
  challenge: string;

  @ApiProperty({ type: [CredentialParameterDto] })
  pubKeyCredParams: CredentialParameterDto[];

  @ApiPropertyOptional({ type: 'integer', description: 'Milliseconds.', example: 120000 })
  timeout?: number;

  @ApiPropertyOptional({ type: [CredentialDescriptorDto], description: 'The user’s passkeys already registered.' })
  excludeCredentials?: CredentialDescriptorDto[];

  @ApiPropertyOptional({ type: AuthenticatorSelectionDto })
  authenticatorSelection?: AuthenticatorSelectionDto;

  @ApiPropertyOptional({ enum: ['none', 'indirect', 'direct', 'enterprise'] })
  attestation?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  extensions?: object;
}

export class PasskeyRequestOptionsDto {
  @ApiProperty({ description: 'base64url; single use, bound to this second-factor step, valid two minutes.' })
  challenge: string;

  @ApiPropertyOptional({ type: 'integer', description: 'Milliseconds.', example: 120000 })
  timeout?: number;

  @ApiPropertyOptional({ example: 'intake.example.org' })
  rpId?: string;

  @ApiPropertyOptional({ type: [CredentialDescriptorDto], description: 'The user’s passkeys.' })
  allowCredentials?: CredentialDescriptorDto[];

  @ApiPropertyOptional({ enum: ['discouraged', 'preferred', 'required'] })
  userVerification?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  extensions?: object;
}
