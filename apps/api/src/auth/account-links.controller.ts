import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { InvitationsService, PasswordResetsService, Public } from '@app/identity';
import { ApiProblem, ApiProblems } from '../common/api-problems.decorator';
import { AcceptInvitationDto, CompletePasswordResetDto, PasswordResetRequestDto } from './account-links.dto';

const LINK_GONE =
  'The link cannot be used: unknown, expired, used already, or replaced by a newer one (one answer for all).';
const THROTTLED =
  'Anonymous requests are limited per client IP (THROTTLE_ANONYMOUS_LIMIT per THROTTLE_ANONYMOUS_WINDOW_SECONDS); 429 carries Retry-After.';

/**
 * The steps of account recovery that come before a login exists (api.md "Accounts"): accepting an
 * invitation, asking for a password reset and completing it. Public, limited per client IP.
 */
@ApiTags('auth')
@ApiSecurity({})
@Controller('auth')
export class AccountLinksController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly resets: PasswordResetsService,
  ) {}

  @Post('invitations/accept')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Accept an invitation: set your own password',
    description: `With the token from the invitation email. The account becomes active and can log in; the link is spent. ${THROTTLED}`,
  })
  @ApiNoContentResponse({ description: 'The password is set; log in with it.' })
  @ApiProblems(400, 413, 415, 429)
  @ApiProblem(410, LINK_GONE)
  async accept(@Body() dto: AcceptInvitationDto): Promise<void> {
    await this.invitations.accept(dto.token, dto.password);
  }

  @Post('password-reset')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a password reset link by email',
    description:
      'Always 202, whatever the address: nobody learns from the answer which addresses have accounts. An active account with that email gets a one-time link ' +
      `valid 30 minutes (at most 3 reset mails per address an hour). ${THROTTLED}`,
  })
  @ApiAcceptedResponse({
    description: 'Accepted; if the address belongs to an active account, a link is on its way.',
  })
  @ApiProblems(400, 413, 415, 429)
  async requestReset(@Body() dto: PasswordResetRequestDto): Promise<void> {
    await this.resets.request(dto.email);
  }

  @Post('password-reset/complete')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with a reset link',
    description: `With the token from the reset email. Every login of the account ends (access and refresh tokens); the link is spent. ${THROTTLED}`,
  })
  @ApiNoContentResponse({ description: 'The new password is set; every earlier login has ended.' })
  @ApiProblems(400, 413, 415, 429)
  @ApiProblem(410, LINK_GONE)
  async completeReset(@Body() dto: CompletePasswordResetDto): Promise<void> {
    await this.resets.complete(dto.token, dto.newPassword);
  }
}
