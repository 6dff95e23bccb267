import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LoginResult, TokenPair } from '@app/identity';
import { IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { UserDto } from '../users/user.dto';

export class LoginDto {
  @ApiProperty({ example: 'anna@example.org' })
  @IsString()
  @Length(1, 254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class RefreshTokenDto {
  @ApiProperty({ description: 'The opaque refresh token from login or the previous refresh.' })
  @IsString()
  @Length(16, 256)
  refreshToken: string;
}

/** Refresh and logout body: the token is required, except in a browser session (`X-Session: cookie`), where the cookie carries it. */
export class OptionalRefreshTokenDto {
  @ApiPropertyOptional({
    description:
      'The opaque refresh token from login or the previous refresh. Required unless `X-Session: cookie` is sent; then the cookie is used.',
  })
  @IsOptional()
  @IsString()
  @Length(16, 256)
  refreshToken?: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT (HS256), sent as `Authorization: Bearer <accessToken>`.' })
  accessToken: string;

  @ApiPropertyOptional({
    description:
      'Opaque, single use: each refresh spends it and returns a new one. Always present in the JSON token flow; absent in a browser session (`X-Session: cookie`), where it is set as an HttpOnly cookie instead.',
  })
  refreshToken?: string;

  @ApiProperty({ type: 'integer', description: 'Seconds until the access token expires.', example: 900 })
  expiresIn: number;

  static of(pair: TokenPair): TokenPairDto {
    return { accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresIn: pair.expiresIn };
  }
}

/** The answer without the refresh token, for a browser session. */
export function withoutRefreshToken<T extends TokenPairDto>(answer: T): T {
  const { refreshToken: _cookieOnly, ...rest } = answer;
  return rest as T;
}

export class LoginResponseDto extends TokenPairDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  static fromLogin(result: LoginResult): LoginResponseDto {
    return { ...TokenPairDto.of(result), user: UserDto.of(result.user) };
  }
}
