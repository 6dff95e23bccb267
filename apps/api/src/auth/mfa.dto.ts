import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LoginStep, MfaMethod } from '@app/identity';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { UserDto } from '../users/user.dto';
import { LoginResponseDto } from './auth.dto';

const MFA_METHODS: MfaMethod[] = ['totp', 'webauthn', 'recovery_code'];
const MFA_TOKEN_DESCRIPTION =
  'The `mfaToken` of the login answer: lives 5 minutes, serves one login, dies after 5 wrong answers.';

/** The login answer when the user has a second factor: no tokens yet. */
export class MfaRequiredDto {
  @ApiProperty({ enum: [true] })
  mfaRequired: true;

  @ApiProperty({ description: MFA_TOKEN_DESCRIPTION })
  mfaToken: string;

  @ApiProperty({ enum: MFA_METHODS, isArray: true, description: 'The ways the user can pass the second step.' })
  methods: MfaMethod[];
}

/** The login answer when the user's role requires a second factor and they have none: enrol first. */
export class MfaEnrollmentRequiredDto {
  @ApiProperty({ enum: [true] })
  mfaEnrollmentRequired: true;

  @ApiProperty({ description: `${MFA_TOKEN_DESCRIPTION} Serves POST /auth/mfa/totp/enroll and /auth/mfa/totp/confirm.` })
  mfaToken: string;
}

export class MfaTokenFieldDto {
  @ApiProperty({ description: MFA_TOKEN_DESCRIPTION })
  @IsString()
  @Length(16, 256)
  mfaToken: string;
}

const CODE = {
  description: 'The 6-digit code the authenticator app shows now.',
  example: '123456',
  pattern: '^[0-9]{6}$',
};

export class TotpVerifyDto extends MfaTokenFieldDto {
  @ApiProperty(CODE)
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'code must be the 6 digits the app shows' })
  code: string;
}

export class RecoveryCodeDto extends MfaTokenFieldDto {
  @ApiProperty({ description: 'One of the recovery codes shown at enrolment; case, spaces and hyphens do not matter.', example: 'ABCD-EFGH-JKMN-PQRS' })
  @IsString()
  @Length(1, 64)
  recoveryCode: string;
}

export class TotpEnrollDto {
  @ApiPropertyOptional({ description: `${MFA_TOKEN_DESCRIPTION} Absent: enrolment by the bearer token's user.` })
  @IsOptional()
  @IsString()
  @Length(16, 256)
  mfaToken?: string;
}

export class TotpConfirmDto extends TotpEnrollDto {
  @ApiProperty(CODE)
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'code must be the 6 digits the app shows' })
  code: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({ description: 'The base32 secret, for typing into an app by hand. Shown once: it is stored only encrypted.' })
  secret: string;

  @ApiProperty({
    description: 'The `otpauth://totp/...` URI (SHA-1, 6 digits, 30 s) for a QR code.',
    example: 'otpauth://totp/consult-intake:anna%40example.org?secret=...&issuer=consult-intake&algorithm=SHA1&digits=6&period=30',
  })
  otpauthUrl: string;
}

/** Confirmation: the recovery codes, and at login the login answer too. */
export class TotpConfirmationDto {
  @ApiProperty({
    type: [String],
    minItems: 10,
    maxItems: 10,
    description: 'Ten single-use recovery codes. Shown this once: only their hashes are stored.',
  })
  recoveryCodes: string[];

  @ApiPropertyOptional({ description: 'At login: the access token (as POST /auth/login answers it).' })
  accessToken?: string;

  @ApiPropertyOptional({ description: 'At login, in the JSON token flow: the refresh token (in a browser session: the cookie).' })
  refreshToken?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'At login: seconds until the access token expires.' })
  expiresIn?: number;

  @ApiPropertyOptional({ type: UserDto, description: 'At login: the user.' })
  user?: UserDto;
}

/** What POST /auth/login answers. */
export type LoginAnswerDto = LoginResponseDto | MfaRequiredDto | MfaEnrollmentRequiredDto;

/** The answer of a login step that is not a login yet. */
export function loginStepAnswer(step: Exclude<LoginStep, { step: 'login' }>): MfaRequiredDto | MfaEnrollmentRequiredDto {
  return step.step === 'mfa_required'
    ? { mfaRequired: true, mfaToken: step.mfaToken, methods: step.methods }
    : { mfaEnrollmentRequired: true, mfaToken: step.mfaToken };
}

/** The caller's second factors (GET /auth/mfa). */
export class MfaStatusDto {
  @ApiProperty({ enum: MFA_METHODS, isArray: true, description: 'The ways the caller can pass the second step of a login; empty: none.' })
  methods: MfaMethod[];

  @ApiProperty({ description: "Whether the caller's role must use a second factor (MFA_REQUIRED_ROLES)." })
  required: boolean;
}
