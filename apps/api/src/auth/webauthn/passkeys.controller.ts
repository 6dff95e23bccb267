import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, AuthenticatedActor, CurrentActor, AuthService, Permission, PasskeysService } from '@app/identity';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyRequest } from 'fastify';
import { ApiProblem, ApiProblems } from '../../common/api-problems.decorator';
import { PasskeyCreationOptionsDto } from './passkey-options.dto';
import { PasskeyDto, PasskeyListDto, RegisteredPasskeyDto, RegisterPasskeyDto } from './passkey.dto';
import { RelyingPartyResolver } from './relying-party.resolver';

/** Passkeys of the logged-in caller (docs/accounts.md "Passkeys"). */
@ApiTags('auth')
@ApiBearerAuth('bearer')
@Controller('auth/webauthn')
export class PasskeysController {
  constructor(
    private readonly passkeys: PasskeysService,
    private readonly auth: AuthService,
    private readonly relyingParty: RelyingPartyResolver,
  ) {}

  @Post('registration/options')
  @Allow(Permission.SessionSelf)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start registering a passkey',
    description:
      'PublicKeyCredentialCreationOptionsJSON for `navigator.credentials.create()` (SimpleWebAuthn `startRegistration`): ' +
      'attestation `none`, user verification required, ES256 or RS256, the caller’s passkeys excluded. The challenge is stored ' +
      'server-side, bound to this login, valid two minutes and spent by the next verify; asking again replaces it. Audited `webauthn.registration_options`.',
  })
  @ApiOkResponse({ type: PasskeyCreationOptionsDto })
  @ApiProblems(401, 403)
  async registrationOptions(
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
  ): Promise<PasskeyCreationOptionsDto> {
    return this.passkeys.registrationOptions(await this.ceremony(actor, request));
  }

  @Post('registration/verify')
  @Allow(Permission.SessionSelf)
  @ApiOperation({
    summary: 'Finish registering a passkey',
    description:
      'Takes the RegistrationResponseJSON `startRegistration` returned. Checks the stored challenge (spent by this call, right or wrong), ' +
      'the origin, the RP id, user verification and the attestation; stores the credential id, public key, counter and transports. ' +
      'From then on login asks for a second factor and offers `webauthn`. Audited `webauthn.register` (outcome `failure` with the reason when refused).',
  })
  @ApiCreatedResponse({ type: RegisteredPasskeyDto })
  @ApiProblems(400, 401, 403)
  @ApiProblem(409, 'This passkey is registered already.')
  @ApiProblem(422, 'The answer does not verify: no live challenge, another challenge, another origin or RP id, no user verification, or a bad attestation.')
  async register(
    @CurrentActor() actor: AuthenticatedActor,
    @Body() dto: RegisterPasskeyDto,
    @Req() request: FastifyRequest,
  ): Promise<RegisteredPasskeyDto> {
    const { passkey } = await this.passkeys.register(
      await this.ceremony(actor, request),
      dto.response as RegistrationResponseJSON,
      dto.name,
    );
    return { passkey: PasskeyDto.of(passkey) };
  }

  @Get('credentials')
  @Allow(Permission.SessionSelf)
  @ApiOperation({ summary: 'Your passkeys', description: 'Oldest first; never a public key or credential id.' })
  @ApiOkResponse({ type: PasskeyListDto })
  @ApiProblems(401, 403)
  async list(@CurrentActor() actor: AuthenticatedActor): Promise<PasskeyListDto> {
    return { items: (await this.passkeys.list(actor.id)).map((p) => PasskeyDto.of(p)) };
  }

  @Delete('credentials/:id')
  @Allow(Permission.SessionSelf)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove one of your passkeys',
    description: 'It can no longer sign in. Someone else’s passkey is 404. Audited `webauthn.remove`.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The passkey’s id (from the list).' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiProblems(400, 401, 403, 404)
  async remove(@CurrentActor() actor: AuthenticatedActor, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.passkeys.remove(actor, id);
  }

  private async ceremony(actor: AuthenticatedActor, request: FastifyRequest) {
    // The actor's role is the account's, or `none` while a staff-role grant is pending (docs/accounts.md).
    const user = { ...(await this.auth.me(actor)), role: actor.role };
    return { user, boundTo: `session:${actor.sessionId}`, rp: this.relyingParty.of(request) };
  }
}
