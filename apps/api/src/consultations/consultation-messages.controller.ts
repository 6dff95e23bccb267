import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsultationMessagesService } from '@app/consultations';
import { AccessResource, Allow, AuthenticatedActor, CurrentActor, Permission } from '@app/identity';
import { ApiProblems } from '../common/api-problems.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { ConsultationIdParams } from './consultation-commands.dto';
import { CreateMessageDto, MessageDto, MessagePageDto } from './message.dto';

@ApiTags('consultations')
@ApiBearerAuth('bearer')
@AccessResource('consultation')
@Controller('consultations/:id/messages')
export class ConsultationMessagesController {
  constructor(private readonly messages: ConsultationMessagesService) {}

  @Post()
  @Allow(Permission.MessageCreate)
  @ApiOperation({
    summary: 'Write a message on a request (requester: own; investigator, supervisor)',
    description:
      'Only staff may set `internal: true` (403 otherwise, audited as `access.denied` on the request); internal notes are never shown to requesters. A `closed` or ' +
      '`withdrawn` request takes no new messages (409; its messages can still be read); a supervisor reopening a ' +
      'closed request makes it writable again.',
  })
  @ApiCreatedResponse({ type: MessageDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async create(
    @CurrentActor() actor: AuthenticatedActor,
    @Param() { id }: ConsultationIdParams,
    @Body() dto: CreateMessageDto,
  ): Promise<MessageDto> {
    return MessageDto.of(await this.messages.postMessage(actor, id, dto));
  }

  @Get()
  @Allow(Permission.MessageList)
  @ApiOperation({
    summary: 'Messages of a request, oldest first',
    description: 'Requesters never see internal notes.',
  })
  @ApiOkResponse({ type: MessagePageDto })
  @ApiProblems(400, 401, 403, 404)
  async list(
    @CurrentActor() actor: AuthenticatedActor,
    @Param() { id }: ConsultationIdParams,
    @Query() { limit, cursor }: PageQueryDto,
  ): Promise<MessagePageDto> {
    return MessagePageDto.of(await this.messages.listMessages(actor, id, { limit, cursor }));
  }
}
