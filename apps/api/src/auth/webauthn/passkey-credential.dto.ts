import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsInt, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';

/** Base64url without padding, as WebAuthn's JSON encodes bytes; the bound keeps bodies small. */
const base64url = (max: number) => new RegExp(`^[A-Za-z0-9_-]{1,${max}}$`);
const BASE64URL_MESSAGE = 'must be base64url without padding';

export const TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const;

/** AuthenticatorAttestationResponseJSON (W3C WebAuthn Level 3, as SimpleWebAuthn's startRegistration returns it). */
export class AttestationResponseDto {
  @ApiProperty({ description: 'base64url of the client data the browser signed over.' })
  @Matches(base64url(4096), { message: BASE64URL_MESSAGE })
  clientDataJSON: string;

  @ApiProperty({ description: 'base64url of the CBOR attestation object (format `none` is enough).' })
  @Matches(base64url(16384), { message: BASE64URL_MESSAGE })
  attestationObject: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(base64url(8192), { message: BASE64URL_MESSAGE })
  authenticatorData?: string;

  @ApiPropertyOptional({ type: [String], enum: TRANSPORTS, maxItems: 10 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(TRANSPORTS, { each: true })
  transports?: string[];

  @ApiPropertyOptional({ type: 'integer', description: 'COSE algorithm id, e.g. -7 (ES256).' })
  @IsOptional()
  @IsInt()
  publicKeyAlgorithm?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(base64url(4096), { message: BASE64URL_MESSAGE })
  publicKey?: string;
}

/** AuthenticatorAssertionResponseJSON. */
export class AssertionResponseDto {
  @ApiProperty()
  @Matches(base64url(4096), { message: BASE64URL_MESSAGE })
  clientDataJSON: string;

  @ApiProperty()
  @Matches(base64url(8192), { message: BASE64URL_MESSAGE })
  authenticatorData: string;

  @ApiProperty()
  @Matches(base64url(2048), { message: BASE64URL_MESSAGE })
  signature: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(base64url(128), { message: BASE64URL_MESSAGE })
  userHandle?: string;
}

class CredentialBaseDto {
  @ApiProperty({ description: 'The credential id, base64url.' })
  @Matches(base64url(1400), { message: BASE64URL_MESSAGE })
  id: string;

  @ApiProperty({ description: 'The same id, base64url.' })
  @Matches(base64url(1400), { message: BASE64URL_MESSAGE })
  rawId: string;

  @ApiProperty({ enum: ['public-key'] })
  @IsIn(['public-key'])
  type: 'public-key';

  @ApiPropertyOptional({ enum: ['platform', 'cross-platform'] })
  @IsOptional()
  @IsIn(['platform', 'cross-platform'])
  authenticatorAttachment?: 'platform' | 'cross-platform';

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Extension outputs; not used by the service.' })
  @IsObject()
  clientExtensionResults: Record<string, unknown>;
}

/** RegistrationResponseJSON: what `navigator.credentials.create()` answered, as JSON. */
export class RegistrationCredentialDto extends CredentialBaseDto {
  @ApiProperty({ type: AttestationResponseDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => AttestationResponseDto)
  response: AttestationResponseDto;
}

/** AuthenticationResponseJSON: what `navigator.credentials.get()` answered, as JSON. */
export class AuthenticationCredentialDto extends CredentialBaseDto {
  @ApiProperty({ type: AssertionResponseDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => AssertionResponseDto)
  response: AssertionResponseDto;
}
