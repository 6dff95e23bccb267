import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import {
  Allow,
  AuthenticatedActor,
  AuthService,
  CurrentActor,
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
import { PasswordLoginGuard, VerifiedLogin } from './password-login.guard';
import { REFRESH_COOKIE, REFRESH_COOKIE_PATH, SessionCookie } from './session-cookie';

const BROWSER_SESSION = ApiHeader({
  name: 'X-Session',
  required: false,
  enum: ['cookie'],
  description:
    `Browser session (the web app): with \`cookie\` the refresh token is set as an HttpOnly, Secure, SameSite=Strict cookie \`${REFRESH_COOKIE}\` ` +
    `(Path=${REFRESH_COOKIE_PATH}) and left out of the JSON; refresh and logout then read it from that cookie. ` +
    'A request with this header and an Origin header from another origin is 403. Without the header the cookie is never read.',
});

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
    private readonly cookie: SessionCookie,
  ) {}

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
  @BROWSER_SESSION
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiProblems(400, 403, 413, 415, 429)
  @ApiProblem(
    401,
    'The email and password do not match an active account (one answer for an unknown email, a wrong password and a deactivated account).',
  )
  async login(
    @Body() dto: LoginDto,
    @VerifiedLogin() account: VerifiedAccount,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    const browser = this.cookie.isBrowserSession(request);
    const answer = LoginResponseDto.fromLogin(await this.auth.login(account, dto.email));
    if (!browser) return answer;
    this.cookie.set(reply, answer.refreshToken as string);
    return withoutRefreshToken(answer);
  }

  @Post('refresh')
  @Public()
  @ApiSecurity({})
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new token pair',
    description:
      'The presented refresh token is spent. Presenting a spent token again is 401 and revokes every token of that login.',
  })
  @BROWSER_SESSION
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 403, 413, 415, 429)
  @ApiProblem(
    401,
    'The refresh token is unknown, expired or already spent (a spent token also ends every token of its login), or the browser session has none.',
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
  @ApiOperation({ summary: "End the login the refresh token belongs to; that login's tokens stop working" })
  @ApiNoContentResponse({ description: 'Logged out (also when the token was unknown or already revoked).' })
  @BROWSER_SESSION
  @ApiProblems(400, 401, 403)
  async logout(
    @CurrentActor() actor: AuthenticatedActor,
    @Body() dto: OptionalRefreshTokenDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (!this.cookie.isBrowserSession(request)) return this.auth.logout(actor, requireBodyToken(dto));
    this.cookie.clear(reply);
    await this.auth.logout(actor, dto.refreshToken ?? this.cookie.read(request) ?? '');
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
