import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength, MinLength } from 'class-validator';

const TOKEN = {
  description: 'The token from the link in the email (after `#token=`).',
  example: 'gdV1dAJMKt4pWm7vmH9XcPqV0z0FQ8wXyR3aN6kYb2E',
  minLength: 1,
  maxLength: 256,
};
const NEW_PASSWORD = {
  description: 'At least 12 characters (at most 256); stored only as an argon2id hash.',
  example: 'correct horse battery staple',
  minLength: 12,
  maxLength: 256,
};

export class AcceptInvitationDto {
  @ApiProperty(TOKEN)
  @IsString()
  @Length(1, 256)
  token: string;

  @ApiProperty(NEW_PASSWORD)
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  password: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({
    example: 'anna@example.org',
    description: 'The account’s email; any string is answered alike.',
  })
  @IsString()
  @Length(1, 254)
  email: string;
}

export class CompletePasswordResetDto {
  @ApiProperty(TOKEN)
  @IsString()
  @Length(1, 256)
  token: string;

  @ApiProperty(NEW_PASSWORD)
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  newPassword: string;
}
