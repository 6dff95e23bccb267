import { applyDecorators } from '@nestjs/common';
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

/** The link's token, which both uses of a link send. */
abstract class LinkTokenDto {
  @ApiProperty(TOKEN)
  @IsString()
  @Length(1, 256)
  token: string;
}

/** The password a link sets; the field is `password` for an invitation, `newPassword` for a reset (api.md). */
function NewPassword(): PropertyDecorator {
  // Listed in the reverse of the written stack `@ApiProperty @IsString @MinLength @MaxLength`, the
  // order decorators apply in, so a 400 lists its messages as before.
  return applyDecorators(MaxLength(256), MinLength(12), IsString(), ApiProperty(NEW_PASSWORD));
}

export class AcceptInvitationDto extends LinkTokenDto {
  @NewPassword()
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

export class CompletePasswordResetDto extends LinkTokenDto {
  @NewPassword()
  newPassword: string;
}
