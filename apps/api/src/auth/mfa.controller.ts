import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  Allow,
  AuthenticatedActor,
  CurrentActor,
  MfaChallenges,
  Permission,
  Public,
  RecoveryCodesFactor,
  SecondFactors,
  TotpFactor,
} from '@app/identity';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblem, ApiProblems } from '../common/api-problems.decorator';
import { LoginResponseDto } from './auth.dto';
import { BearerCaller } from './bearer-caller';
import {
  MfaStatusDto,
  RecoveryCodeDto,
  TotpConfirmationDto,
  TotpConfirmDto,
  TotpEnrollDto,
  TotpEnrolmentDto,
  TotpVerifyDto,
} from './mfa.dto';
import { BROWSER_SESSION, SessionCookie } from './session-cookie';

const THROTTLED =
  'Second-factor attempts are throttled like passwords, per user and source IP and per user from all sources (429 with Retry-After), and audited (`auth.mfa_failed`, `auth.mfa_verified`).';
const STEP_401 =
  'The mfaToken is unknown, expired, already used or dead after 5 wrong answers (log in again), or the answer is wrong or already used (the token then has one attempt less).';

/**
 * The second step of a login (docs/api.md "Second factor"). Public: the `mfaToken` of the login
 * answer is the credential; enrolment also serves a logged-in user through their bearer token.
 */
@ApiTags('auth')
@Controller('auth/mfa')
export class MfaController {
  constructor(
    private readonly challenges: MfaChallenges,
    private readonly factors: SecondFactors,
    private readonly totp: TotpFactor,
    private readonly recovery: RecoveryCodesFactor,
    private readonly bearer: BearerCaller,
    private readonly cookie: SessionCookie,
  ) {}

  @Get()
  @Allow(Permission.SessionSelf)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: "The caller's second factors, and whether their role requires one" })
  @ApiOkResponse({ type: MfaStatusDto })
  @ApiProblems(401, 403)
  async status(@CurrentActor() actor: AuthenticatedActor): Promise<MfaStatusDto> {
    return {
      methods: await this.factors.current(actor.id),
      required: this.challenges.requiredFor(actor.role),
    };
  }

  @Post('totp/verify')
  @Public({ ownLimit: 'login' })
  @ApiSecurity({})
  @HttpCode(200)
  @ApiOperation({
    summary: 'Second step of a login: a code from the authenticator app',
    description: `Answers the login, as POST /auth/login does for a user without a second factor. A code works once (the same code again is 401), with 30 seconds of clock drift either way. ${THROTTLED}`,
  })
  @BROWSER_SESSION
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiProblems(400, 403, 413, 415, 429)
  @ApiProblem(401, STEP_401)
  async verify(
    @Body() dto: TotpVerifyDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    const browser = this.cookie.isBrowserSession(request);
    const login = await this.totp.verifyAtLogin(dto.mfaToken, dto.code);
    return this.cookie.deliver(browser, reply, LoginResponseDto.fromLogin(login));
  }

  @Post('recovery')
  @Public({ ownLimit: 'login' })
  @ApiSecurity({})
  @HttpCode(200)
  @ApiOperation({
    summary: 'Second step of a login: a recovery code',
    description: `Answers the login. Each recovery code works once. ${THROTTLED}`,
  })
  @BROWSER_SESSION
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiProblems(400, 403, 413, 415, 429)
  @ApiProblem(401, STEP_401)
  async recover(
    @Body() dto: RecoveryCodeDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    const browser = this.cookie.isBrowserSession(request);
    const login = await this.recovery.verifyAtLogin(dto.mfaToken, dto.recoveryCode);
    return this.cookie.deliver(browser, reply, LoginResponseDto.fromLogin(login));
  }

  @Post('totp/enroll')
  @Public({ ownLimit: 'login' })
  @ApiBearerAuth('bearer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start setting up an authenticator app (at login, or by a logged-in user)',
    description:
      'With the `mfaToken` of `mfaEnrollmentRequired` (enrolment at login), or without it and with a bearer token (any user, voluntarily). ' +
      'Answers a new secret (RFC 6238: SHA-1, 6 digits, 30 s), stored encrypted and pending until POST /auth/mfa/totp/confirm; calling again replaces a pending one. ' +
      '409 when the user already has a confirmed app (an administrator can reset it).',
  })
  @ApiOkResponse({ type: TotpEnrolmentDto })
  @ApiProblems(400, 409, 413, 415)
  @ApiProblem(
    401,
    'The mfaToken is unknown, expired or used, or (without one) no valid bearer token was sent.',
  )
  async enroll(@Body() dto: TotpEnrollDto, @Req() request: FastifyRequest): Promise<TotpEnrolmentDto> {
    if (dto.mfaToken) return this.totp.enrollAtLogin(dto.mfaToken);
    return this.totp.enrollSelf(await this.bearer.require(request));
  }

  @Post('totp/confirm')
  @Public({ ownLimit: 'login' })
  @ApiBearerAuth('bearer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Finish setting up an authenticator app with its first code',
    description:
      'Answers ten single-use recovery codes, shown this once. With the `mfaToken` (enrolment at login) the answer also carries the login, and a wrong code is 401 like a wrong second step; ' +
      'with a bearer token a wrong code is 400. From then on login asks for the factor. ' +
      THROTTLED,
  })
  @BROWSER_SESSION
  @ApiOkResponse({ type: TotpConfirmationDto })
  @ApiProblems(400, 403, 409, 413, 415, 429)
  @ApiProblem(401, `${STEP_401} Without an mfaToken: no valid bearer token was sent.`)
  async confirm(
    @Body() dto: TotpConfirmDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TotpConfirmationDto> {
    if (!dto.mfaToken)
      return { recoveryCodes: await this.totp.confirmSelf(await this.bearer.require(request), dto.code) };
    const browser = this.cookie.isBrowserSession(request);
    const { recoveryCodes, login } = await this.totp.confirmAtLogin(dto.mfaToken, dto.code);
    return this.cookie.deliver(browser, reply, { recoveryCodes, ...LoginResponseDto.fromLogin(login) });
  }
}
