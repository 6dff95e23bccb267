import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Allow, AuthenticatedActor, AuthService, CurrentActor, Permission, Public, VerifiedAccount } from '@app/identity';
import { ApiProblems } from '../common/api-problems.decorator';
import { UserDto } from '../users/user.dto';
import { LoginDto, LoginResponseDto, LogoutDto, RefreshTokenDto, TokenPairDto } from './auth.dto';
import { PasswordLoginGuard, VerifiedLogin } from './password-login.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public({ ownLimit: 'login' })
  @ApiSecurity({})
  @UseGuards(PasswordLoginGuard)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with email and password',
    description:
      'Starts a login: a short-lived access token and a single-use refresh token. Unknown email, wrong password and a deactivated account all answer the same 401. ' +
      'Throttled per account and source IP (failed logins, counted before the password is checked), per account from all sources (a higher ceiling) and per IP; ' +
      'the email is compared in one normal form (NFKC, locale-free lower case). 429 carries Retry-After.',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiProblems(400, 401, 413, 415, 429)
  @ApiBody({ type: LoginDto })
  async login(@VerifiedLogin() account: VerifiedAccount): Promise<LoginResponseDto> {
    // The body (LoginDto) is validated and checked by PasswordLoginGuard.
    return LoginResponseDto.fromLogin(await this.auth.login(account));
  }

  @Post('refresh')
  @Public({ ownLimit: 'login' })
  @ApiSecurity({})
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new token pair',
    description:
      'The presented refresh token is spent. Presenting a spent token again is 401 and revokes every token of that login, ' +
      'except for the same client (IP and User-Agent) within REFRESH_REUSE_WINDOW_SECONDS (default 10) of spending it, which gets a fresh pair in the same login (two tabs refreshing at once).',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 401, 429)
  async refresh(@Body() dto: RefreshTokenDto): Promise<TokenPairDto> {
    return TokenPairDto.of(await this.auth.refresh(dto.refreshToken));
  }

  @Post('logout')
  @Allow(Permission.SessionSelf)
  @ApiBearerAuth('bearer')
  @HttpCode(204)
  @ApiOperation({
    summary: "End the caller's login; its access and refresh tokens stop working",
    description: 'Ends the login the access token belongs to, whatever the body says (a refresh token in the body is accepted for older clients and ignored).',
  })
  @ApiNoContentResponse({ description: 'Logged out (also when the login had already ended).' })
  @ApiProblems(400, 401, 403)
  async logout(@CurrentActor() actor: AuthenticatedActor, @Body() dto: LogoutDto): Promise<void> {
    void dto;
    await this.auth.logout(actor);
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
