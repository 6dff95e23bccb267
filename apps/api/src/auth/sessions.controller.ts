import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  AccessResource,
  Allow,
  AuthenticatedActor,
  CurrentActor,
  OwnSessionsService,
  PasswordChangeService,
  Permission,
} from '@app/identity';
import { ApiProblem, ApiProblems } from '../common/api-problems.decorator';
import { ChangePasswordDto, SessionDto, SessionListDto } from './sessions.dto';

/** The caller's own logins and password (api.md "Sessions"). */
@ApiTags('auth')
@ApiBearerAuth('bearer')
@Controller('auth')
export class SessionsController {
  constructor(
    private readonly sessions: OwnSessionsService,
    private readonly passwords: PasswordChangeService,
  ) {}

  @Get('sessions')
  @Allow(Permission.SessionSelf)
  @ApiOperation({
    summary: "The caller's live logins",
    description:
      'Every login of the caller that has not ended: not logged out or ended, used within SESSION_IDLE_MINUTES, opened within SESSION_MAX_HOURS. ' +
      '`current` marks the one this request was made with.',
  })
  @ApiOkResponse({ type: SessionListDto })
  @ApiProblems(401, 403)
  async list(@CurrentActor() actor: AuthenticatedActor): Promise<SessionListDto> {
    return { items: (await this.sessions.list(actor)).map(SessionDto.of) };
  }

  @Delete('sessions/:id')
  @Allow(Permission.SessionSelf)
  @AccessResource('session')
  @HttpCode(204)
  @ApiOperation({
    summary: 'End one of the caller’s logins',
    description:
      'Its access tokens are refused from the next request on and its refresh token no longer works. Someone else’s login, an unknown one or one that has ended is 404.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The login’s id (from GET /auth/sessions).' })
  @ApiNoContentResponse({ description: 'The login has ended.' })
  @ApiProblems(400, 401, 403, 404)
  async end(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    await this.sessions.end(actor, id.toLowerCase());
  }

  @Post('password')
  @Allow(Permission.SessionSelf)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change the caller’s password',
    description:
      'Every other login of the caller ends at once; this one goes on. The current password is checked like a login: attempts count against the same ' +
      'per-account limits (429 with Retry-After beyond them) and a wrong one is audited. The new password needs at least 12 characters and must differ from the current one.',
  })
  @ApiBody({ type: ChangePasswordDto })
  @ApiNoContentResponse({ description: 'Changed; the caller’s other logins have ended.' })
  @ApiProblems(401, 403, 413, 415, 429)
  @ApiProblem(409, 'The account has no password (it has not accepted its invitation, or signs in otherwise).')
  @ApiProblem(
    400,
    'A field is missing or too short or long, the current password is wrong (field `currentPassword`), or the new one equals it (field `newPassword`).',
  )
  async changePassword(
    @CurrentActor() actor: AuthenticatedActor,
    @Body() dto: ChangePasswordDto,
  ): Promise<void> {
    await this.passwords.change(actor, dto.currentPassword, dto.newPassword);
  }
}
