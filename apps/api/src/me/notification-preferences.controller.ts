import { Body, Controller, Get, HttpCode, HttpStatus, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, AuthenticatedActor, CurrentActor, Permission } from '@app/identity';
import { NotificationPreferencesService } from '@app/mail';
import { ApiProblems } from '../common/api-problems.decorator';
import { NotificationPreferencesDto, UpdateNotificationPreferencesDto } from './notification-preferences.dto';

@ApiTags('notifications')
@ApiBearerAuth('bearer')
@Controller('me/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get()
  @Allow(Permission.NotificationRead)
  @ApiOperation({
    summary: 'Your email preferences',
    description:
      'Which kinds of event reach you by email, and in which language. Defaults: every kind, Swedish.',
  })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  @ApiProblems(401, 403)
  async get(@CurrentActor() actor: AuthenticatedActor): Promise<NotificationPreferencesDto> {
    return NotificationPreferencesDto.of(await this.preferences.getOwn(actor));
  }

  @Put()
  @HttpCode(HttpStatus.OK)
  @Allow(Permission.NotificationRead)
  @ApiOperation({
    summary: 'Set your email preferences',
    description:
      'Replaces all four choices (and the language, when given). Applies to mails queued from now on. Audited ' +
      '`notification_preferences.update`. Email must be on for the service (SMTP_URL) for any mail to be sent.',
  })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  @ApiProblems(400, 401, 403)
  async update(
    @CurrentActor() actor: AuthenticatedActor,
    @Body() dto: UpdateNotificationPreferencesDto,
  ): Promise<NotificationPreferencesDto> {
    return NotificationPreferencesDto.of(await this.preferences.updateOwn(actor, dto));
  }
}
