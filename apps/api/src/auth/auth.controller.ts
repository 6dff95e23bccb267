import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Allow, AuthenticatedActor, AuthService, CurrentActor, Permission, Public, VerifiedAccount } from '@app/identity';
import { ApiProblem, ApiProblems } from '../common/api-problems.decorator';
import { UserDto } from '../users/user.dto';
import { LoginDto, LoginResponseDto, RefreshTokenDto, TokenPairDto } from './auth.dto';
import { PasswordLoginGuard, VerifiedLogin } from './password-login.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @ApiSecurity({})
  @UseGuards(PasswordLoginGuard)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with email and password',
    description:
      'Starts a login: a short-lived access token and a single-use refresh token. Unknown email, wrong password and a deactivated account all answer the same 401. ' +
      'Throttled per account (failed logins) and per IP; 429 carries Retry-After.',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiProblems(400, 413, 415, 429)
  @ApiProblem(401, 'The email and password do not match an active account (one answer for an unknown email, a wrong password and a deactivated account).')
  async login(@Body() dto: LoginDto, @VerifiedLogin() account: VerifiedAccount): Promise<LoginResponseDto> {
    return LoginResponseDto.fromLogin(await this.auth.login(account, dto.email));
  }

  @Post('refresh')
  @Public()
  @ApiSecurity({})
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new token pair',
    description: 'The presented refresh token is spent. Presenting a spent token again is 401 and revokes every token of that login.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 413, 415, 429)
  @ApiProblem(401, 'The refresh token is unknown, expired or already spent; a spent token also ends every token of its login.')
  async refresh(@Body() dto: RefreshTokenDto): Promise<TokenPairDto> {
    return TokenPairDto.of(await this.auth.refresh(dto.refreshToken));
  }

  @Post('logout')
  @Allow(Permission.SessionSelf)
  @ApiBearerAuth('bearer')
  @HttpCode(204)
  @ApiOperation({ summary: "End the login the refresh token belongs to; that login's tokens stop working" })
  @ApiNoContentResponse({ description: 'Logged out (also when the token was unknown or already revoked).' })
  @ApiProblems(400, 401, 403)
  async logout(@CurrentActor() actor: AuthenticatedActor, @Body() dto: RefreshTokenDto): Promise<void> {
    await this.auth.logout(actor, dto.refreshToken);
  }

  @Get('me')
  @Allow(Permission.SessionSelf)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'The caller' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(401, 403)
  async me(@CurrentActor() actor: AuthenticatedActor): Promise<UserDto> {
    return UserDto.of(await this.auth.me(actor));
  }
}
