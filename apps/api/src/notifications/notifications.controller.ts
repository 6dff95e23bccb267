import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Body } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessResource, Allow, AuthenticatedActor, CurrentActor, Permission } from '@app/identity';
import { NotificationsService } from '@app/notifications';
import { ApiProblems } from '../common/api-problems.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { NotificationIdParams, NotificationPageDto } from './notification.dto';
import { NoBodyPipe } from '../common/no-body.pipe';

@ApiTags('notifications')
@ApiBearerAuth('bearer')
@AccessResource('notification')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Allow(Permission.NotificationRead)
  @ApiOperation({
    summary: "The caller's own notifications, newest first",
    description: 'Cursor pagination.',
  })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiProblems(400, 401, 403)
  async list(
    @CurrentActor() actor: AuthenticatedActor,
    @Query() { limit, cursor }: PageQueryDto,
  ): Promise<NotificationPageDto> {
    return NotificationPageDto.of(await this.notifications.listOwn(actor, { limit, cursor }));
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Allow(Permission.NotificationRead)
  @ApiOperation({
    summary: 'Mark one of your notifications read',
    description: "Again is harmless. Someone else's is 404.",
  })
  @ApiNoContentResponse({ description: 'Marked read.' })
  @ApiProblems(400, 401, 403, 404)
  async markRead(
    @CurrentActor() actor: AuthenticatedActor,
    @Param() { id }: NotificationIdParams,
    @Body(NoBodyPipe) _body: unknown,
  ): Promise<void> {
    await this.notifications.markRead(actor, id);
  }
}
