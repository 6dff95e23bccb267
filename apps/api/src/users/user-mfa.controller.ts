import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AccessResource, Allow, MfaReset, Permission } from '@app/identity';
import { ApiProblems } from '../common/api-problems.decorator';

@ApiTags('users')
@ApiBearerAuth('bearer')
@AccessResource('user')
@Controller('users')
export class UserMfaController {
  constructor(private readonly mfaReset: MfaReset) {}

  @Post(':id/mfa/reset')
  @Allow(Permission.UserMfaReset)
  @HttpCode(204)
  @ApiOperation({
    summary: "Remove a user's second factors (admin), e.g. for a lost phone",
    description:
      'Removes every second factor of the user (authenticator app, recovery codes, passkeys) and ends every login and open sign-in step of the user. ' +
      'Every active supervisor is notified (`account.mfa_reset`); audited as `user.mfa_reset`. A user whose role requires a second factor enrols again at their next login.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The user’s id.' })
  @ApiNoContentResponse({ description: 'The factors were removed and the logins ended.' })
  @ApiProblems(400, 401, 403, 404)
  async reset(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.mfaReset.reset(id);
  }
}
