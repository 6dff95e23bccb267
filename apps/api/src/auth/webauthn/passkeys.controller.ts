import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Allow, AuthenticatedActor, CurrentActor, PasskeysService, Permission, Public } from '@app/identity';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblem, ApiProblems } from '../../common/api-problems.decorator';
import { LoginResponseDto } from '../auth.dto';
import { BearerCaller } from '../bearer-caller';
import { BROWSER_SESSION, SessionCookie } from '../session-cookie';
import { PasskeyCreationOptionsDto, PasskeyRequestOptionsDto } from './passkey-options.dto';
import {
  AuthenticatePasskeyDto,
  OptionalMfaTokenDto,
  PasskeyDto,
  PasskeyListDto,
  PasskeyRegistrationDto,
  RegisterPasskeyDto,
  MfaTokenDto,
} from './passkey.dto';
import { RelyingPartyResolver } from './relying-party.resolver';

const STEP_401 = 'The mfaToken is unknown, expired, used or dead after 5 wrong answers.';
const EITHER = 'With the `mfaToken` of `mfaEnrollmentRequired` (enrolment at login), or without it and with a bearer token (any user).';

/** Passkeys (WebAuthn): registration, the second step of a login, and the caller's list (docs/accounts.md "Passkeys"). */
@ApiTags('auth')
@Controller('auth/webauthn')
export class PasskeysController {
  constructor(
    private readonly passkeys: PasskeysService,
    private readonly relyingParty: RelyingPartyResolver,
    private readonly bearer: BearerCaller,
    private readonly cookie: SessionCookie,
  ) {}

  @Post('registration/options')
  @Public({ ownLimit: 'login' })
  @ApiBearerAuth('bearer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start registering a passkey',
    description:
      `${EITHER} PublicKeyCredentialCreationOptionsJSON for \`navigator.credentials.create()\` (SimpleWebAuthn \`startRegistration\`): ` +
      'attestation `none`, user verification required, ES256 or RS256, the user’s passkeys excluded. The challenge is stored server-side, ' +
      'bound to the login or the mfaToken, valid two minutes and spent by the next verify; asking again replaces it. No attempt is counted. ' +
      'Audited `webauthn.registration_options`.',
  })
  @ApiOkResponse({ type: PasskeyCreationOptionsDto })
  @ApiProblems(400, 429)
  @ApiProblem(401, `${STEP_401} Without an mfaToken: no valid bearer token was sent.`)
  async registrationOptions(@Body() dto: OptionalMfaTokenDto, @Req() request: FastifyRequest): Promise<PasskeyCreationOptionsDto> {
    const rp = this.relyingParty.of(request);
    if (dto.mfaToken) return this.passkeys.registrationOptionsAtLogin(dto.mfaToken, rp);
    const actor = await this.bearer.require(request);
    return this.passkeys.registrationOptionsFor(actor.id, actor.sessionId, rp);
  }

  @Post('registration/verify')
  @Public({ ownLimit: 'login' })
  @ApiBearerAuth('bearer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Finish registering a passkey',
    description:
      `${EITHER} Takes the RegistrationResponseJSON \`startRegistration\` returned. Checks the stored challenge (spent by this call, right or wrong), ` +
      'the origin, the RP id, user verification and the attestation; stores the credential id, public key, counter and transports. ' +
      'When it is the user’s first factor, ten recovery codes come with it (shown once). At enrolment the answer is also the login answer ' +
      '(a refused answer is then 401 and counts as a wrong answer of the mfaToken); with a bearer token a refused answer is 422 and the ' +
      'attempt is throttled like a code. From then on login asks for a second factor and offers `webauthn`. ' +
      'Audited `webauthn.register` (outcome `failure` with the reason when refused with a bearer token; at login `auth.mfa_failed`).',
  })
  @BROWSER_SESSION
  @ApiOkResponse({ type: PasskeyRegistrationDto })
  @ApiProblems(400, 403, 429)
  @ApiProblem(401, `${STEP_401} Without an mfaToken: no valid bearer token was sent.`)
  @ApiProblem(409, 'With a bearer token: this passkey is registered already.')
  @ApiProblem(422, 'With a bearer token: the answer does not verify (no live challenge, another challenge, origin or RP id, no user verification, a bad attestation).')
  async register(
    @Body() dto: RegisterPasskeyDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PasskeyRegistrationDto> {
    const rp = this.relyingParty.of(request);
    const response = dto.response as RegistrationResponseJSON;
    if (!dto.mfaToken) {
      const actor = await this.bearer.require(request);
      const { passkey, recoveryCodes } = await this.passkeys.registerFor(actor.id, actor.sessionId, rp, response, dto.name);
      return { passkey: PasskeyDto.of(passkey), ...(recoveryCodes ? { recoveryCodes } : {}) };
    }
    const browser = this.cookie.isBrowserSession(request);
    const { passkey, recoveryCodes, login } = await this.passkeys.registerAtLogin(dto.mfaToken, rp, response, dto.name);
    return this.cookie.deliver(browser, reply, {
      passkey: PasskeyDto.of(passkey),
      ...(recoveryCodes ? { recoveryCodes } : {}),
      ...LoginResponseDto.fromLogin(login),
    });
  }

  @Post('authentication/options')
  @Public({ ownLimit: 'login' })
  @ApiSecurity({})
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start the second step of a login with a passkey',
    description:
      'Takes the `mfaToken` of `mfaRequired`. PublicKeyCredentialRequestOptionsJSON for `navigator.credentials.get()` (SimpleWebAuthn ' +
      '`startAuthentication`): the user’s passkeys as `allowCredentials`, user verification required. The challenge is bound to the mfaToken, ' +
      'valid two minutes and spent by the next verify. No attempt is counted. Audited `webauthn.authentication_options`.',
  })
  @ApiOkResponse({ type: PasskeyRequestOptionsDto })
  @ApiProblems(400, 429)
  @ApiProblem(401, STEP_401)
  @ApiProblem(422, 'The account has no passkey.')
  async authenticationOptions(@Body() dto: MfaTokenDto, @Req() request: FastifyRequest): Promise<PasskeyRequestOptionsDto> {
    return this.passkeys.authenticationOptionsAtLogin(dto.mfaToken, this.relyingParty.of(request));
  }

  @Post('authentication/verify')
  @Public({ ownLimit: 'login' })
  @ApiSecurity({})
  @HttpCode(200)
  @ApiOperation({
    summary: 'Finish the second step of a login with a passkey',
    description:
      'Takes the `mfaToken` and the AuthenticationResponseJSON `startAuthentication` returned. Checks the stored challenge (spent by this call, ' +
      'right or wrong), that the credential is one of the user’s, the origin, the RP id, user verification, the signature, and that the ' +
      'signature counter moved forward. Answers the login answer (tokens and user; in a browser session the refresh token is the cookie). ' +
      'A refused assertion is 401 and counts as one of the mfaToken’s 5 wrong answers; attempts are throttled per user like codes. ' +
      'Audited `webauthn.authenticate` with `auth.mfa_verified`, or `auth.mfa_failed` (method `webauthn`, the reason).',
  })
  @BROWSER_SESSION
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiProblems(400, 403, 429)
  @ApiProblem(401, `The assertion was refused, or ${STEP_401[0].toLowerCase()}${STEP_401.slice(1)}`)
  async authenticate(
    @Body() dto: AuthenticatePasskeyDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    const browser = this.cookie.isBrowserSession(request);
    const login = await this.passkeys.authenticateAtLogin(dto.mfaToken, this.relyingParty.of(request), dto.response as AuthenticationResponseJSON);
    return this.cookie.deliver(browser, reply, LoginResponseDto.fromLogin(login));
  }

  @Get('credentials')
  @Allow(Permission.SessionSelf)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'Your passkeys', description: 'Oldest first; never a public key or credential id.' })
  @ApiOkResponse({ type: PasskeyListDto })
  @ApiProblems(401, 403)
  async list(@CurrentActor() actor: AuthenticatedActor): Promise<PasskeyListDto> {
    return { items: (await this.passkeys.list(actor.id)).map((p) => PasskeyDto.of(p)) };
  }

  @Delete('credentials/:id')
  @Allow(Permission.SessionSelf)
  @ApiBearerAuth('bearer')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove one of your passkeys',
    description:
      'It can no longer be used to log in. Someone else’s passkey is 404. The last second factor of a user whose role must use one ' +
      '(MFA_REQUIRED_ROLES) is 409. Audited `webauthn.remove`.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The passkey’s id (from the list).' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiProblems(400, 401, 403, 404)
  @ApiProblem(409, 'It is your last second factor and your role must use one.')
  async remove(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.passkeys.remove(actor, id);
  }
}
