import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  Allow,
  AuthenticatedActor,
  AuthService,
  CurrentActor,
  MfaChallenges,
  Permission,
  Public,
  VerifiedAccount,
} from '@app/identity';
import { flattenValidationErrors, UnauthenticatedError, ValidationFailedError } from '@app/platform';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblem, ApiProblems } from '../common/api-problems.decorator';
import { UserDto } from '../users/user.dto';
import {
  LoginDto,
  LoginResponseDto,
  OptionalRefreshTokenDto,
  RefreshTokenDto,
  TokenPairDto,
  withoutRefreshToken,
} from './auth.dto';
import { LoginAnswerDto, loginStepAnswer, MfaEnrollmentRequiredDto, MfaRequiredDto } from './mfa.dto';
import { PasswordLoginGuard, VerifiedLogin } from './password-login.guard';
import { BROWSER_SESSION, SessionCookie } from './session-cookie';


/** The JSON token flow's body rule, applied by hand because a browser session may send no body. */
function requireBodyToken(dto: OptionalRefreshTokenDto): string {
  const errors = validateSync(plainToInstance(RefreshTokenDto, { ...dto }), {
    validationError: { target: false, value: false },
  });
  if (errors.length) throw new ValidationFailedError(flattenValidationErrors(errors));
  return dto.refreshToken as string;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly mfa: MfaChallenges,
    private readonly cookie: SessionCookie,
  ) {}

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
  @BROWSER_SESSION
  @ApiExtraModels(LoginResponseDto, MfaRequiredDto, MfaEnrollmentRequiredDto)
  @ApiOkResponse({
    description:
      'The login (tokens and user); or, for a user with a second factor, `{ mfaRequired: true, mfaToken, methods }`; or, for a user whose role requires one (MFA_REQUIRED_ROLES) but who has none, ' +
      '`{ mfaEnrollmentRequired: true, mfaToken }`. The last two carry no tokens: the second step (POST /auth/mfa/...) answers the login.',
    schema: { oneOf: [LoginResponseDto, MfaRequiredDto, MfaEnrollmentRequiredDto].map((dto) => ({ $ref: getSchemaPath(dto) })) },
  })
  @ApiProblems(400, 403, 413, 415, 429)
  @ApiProblem(
    401,
    'The email and password do not match an active account (one answer for an unknown email, a wrong password and a deactivated account).',
  )
  @ApiBody({ type: LoginDto })
  async login(
    @VerifiedLogin() account: VerifiedAccount,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginAnswerDto> {
    // The body (LoginDto) is validated and checked by PasswordLoginGuard.
    const browser = this.cookie.isBrowserSession(request);
    const step = await this.mfa.begin(account, 'password');
    if (step.step !== 'login') return loginStepAnswer(step);
    return this.cookie.deliver(browser, reply, LoginResponseDto.fromLogin(step.login));
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
  @BROWSER_SESSION
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 403, 413, 415, 429)
  @ApiProblem(
    401,
    'The refresh token is unknown, expired or already spent (a spent token also ends every token of its login, unless the same client spent it within the reuse window), or the browser session has none.',
  )
  async refresh(
    @Body() dto: OptionalRefreshTokenDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairDto> {
    if (!this.cookie.isBrowserSession(request))
      return TokenPairDto.of(await this.auth.refresh(requireBodyToken(dto)));
    const presented = dto.refreshToken ?? this.cookie.read(request);
    if (!presented) throw new UnauthenticatedError('No browser session: log in again.');
    try {
      const pair = TokenPairDto.of(await this.auth.refresh(presented));
      this.cookie.set(reply, pair.refreshToken as string);
      return withoutRefreshToken(pair);
    } catch (error) {
      // A spent, expired or revoked cookie is of no further use to the browser.
      this.cookie.clear(reply);
      throw error;
    }
  }

  @Post('logout')
  @Allow(Permission.SessionSelf)
  @ApiBearerAuth('bearer')
  @HttpCode(204)
  @ApiOperation({
    summary: "End the caller's login; its access and refresh tokens stop working",
    description:
      'Ends the login the access token belongs to, whatever the body says: a refresh token in the body (or the session cookie) is accepted and ignored. ' +
      'In a browser session (`X-Session: cookie`) the cookie is cleared too.',
  })
  @ApiNoContentResponse({ description: 'Logged out (also when the login had already ended).' })
  @BROWSER_SESSION
  @ApiProblems(400, 401, 403)
  async logout(
    @CurrentActor() actor: AuthenticatedActor,
    @Body() dto: OptionalRefreshTokenDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    void dto; // validated (shape only): the login ended is the access token's
    if (this.cookie.isBrowserSession(request)) this.cookie.clear(reply);
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
