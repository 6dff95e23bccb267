import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  AccessResource,
  AccountChange,
  Allow,
  AuthenticatedActor,
  CurrentActor,
  InvitationsService,
  Permission,
  UsersService,
} from '@app/identity';
import type { FastifyReply } from 'fastify';
import { ApiProblems } from '../common/api-problems.decorator';
import { IfMatchVersion } from '../common/if-match.decorator';
import { CreateUserDto, ListUsersQueryDto, RoleGrantPendingDto, UpdateUserDto, UserDto, UserPageDto } from './user.dto';

@ApiTags('users')
@ApiBearerAuth('bearer')
@AccessResource('user')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly invitations: InvitationsService,
  ) {}

  @Post()
  @Allow(Permission.UserCreate)
  @ApiOperation({
    summary: 'Create an account (admin)',
    description:
      'Without `password` the account is invited (status `invited`): an email with a one-time link, valid INVITATION_TTL_HOURS (default 72), ' +
      'where the person sets their own password (POST /auth/invitations/accept); until then it cannot log in. ' +
      'Staff accounts (investigator, supervisor, admin) are always invited: a password for them is 400. Requesters may be given one. ' +
      'Requesters need an organizationId. 409 if the email exists under the same normal form (NFKC, any letter case). ' +
      'An account created with a staff role notifies every supervisor (`account.staff_role_granted`). ' +
      'Investigator and supervisor take two people: the account is created without a role and the answer is 202 with the pending grant, ' +
      'which a supervisor approves or rejects (`/role-grants`); supervisors are notified (`account.role_grant_requested`). ' +
      'Only the very first supervisor, while none has ever existed, is created with the role at once (201). ' +
      'With email off (no SMTP_URL) an invitation is created but not mailed; resend it once email is on.',
  })
  @ApiCreatedResponse({ type: UserDto, description: 'Created with its role.' })
  @ApiAcceptedResponse({ type: RoleGrantPendingDto, description: 'Created without a role; the requested role waits for a supervisor’s approval.' })
  @ApiProblems(400, 401, 403, 409)
  async create(@Body() dto: CreateUserDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<UserDto | RoleGrantPendingDto> {
    return answer(await this.users.create(dto), reply);
  }

  @Get()
  @Allow(Permission.UserList)
  @ApiOperation({
    summary: 'List accounts (admin), oldest first, filtered by role, active, organization, status',
    description: 'Each account carries its `status` (`invited`, `active`, `deactivated`). Audited as `user.list` (the filters and the count).',
  })
  @ApiOkResponse({ type: UserPageDto })
  @ApiProblems(400, 401, 403)
  async list(
    @Query() { role, active, organizationId, status, limit, cursor }: ListUsersQueryDto,
  ): Promise<UserPageDto> {
    const page = await this.users.listForAdmin({ role, active, organizationId, status }, { limit, cursor });
    return { items: page.items.map(UserDto.of), nextCursor: page.nextCursor };
  }

  @Post(':id/invitation')
  @Allow(Permission.UserUpdate)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send an invited account a new invitation (admin)',
    description:
      'A new one-time link by email, valid INVITATION_TTL_HOURS; the earlier link stops working. 409 when the account is not `invited` (it has a password, or is deactivated). Audited as `user.invitation_resent`.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The user’s id.' })
  @ApiAcceptedResponse({ type: UserDto, description: 'The new invitation is queued for mailing.' })
  @ApiProblems(400, 401, 403, 404, 409)
  async resendInvitation(@Param('id', new ParseUUIDPipe()) id: string): Promise<UserDto> {
    return UserDto.of(await this.invitations.resend(id));
  }

  @Patch(':id')
  @Allow(Permission.UserUpdate)
  @ApiOperation({
    summary: 'Change name, role or active flag (admin)',
    description:
      'A role change or deactivation ends the user’s logins: their next request is refused. Admins cannot change their own role or active flag (409). ' +
      'A body with no field set (absent or null) is 400 and changes nothing (the version stays). Giving a staff role notifies every supervisor (`account.staff_role_granted`). ' +
      'Investigator or supervisor is asked for as a grant: 202 with the pending grant, the other fields applied, the role unchanged until a supervisor approves ' +
      '(409 for a deactivated account). Only the very first supervisor, while none has ever existed, applies at once.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The user’s id.' })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The version the change is based on; 412 when stale. `*` matches any version.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiAcceptedResponse({ type: RoleGrantPendingDto, description: 'The requested role waits for a supervisor’s approval; the other fields are applied.' })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async update(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateUserDto,
    @IfMatchVersion() version: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto | RoleGrantPendingDto> {
    return answer(await this.users.update(actor, id, dto, version), reply);
  }
}

/** The account, or 202 with the grant its role waits for. */
function answer({ user, grant }: AccountChange, reply: FastifyReply): UserDto | RoleGrantPendingDto {
  if (!grant) return UserDto.of(user);
  reply.status(202);
  return RoleGrantPendingDto.of({ user, grant });
}
