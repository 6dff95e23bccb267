import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AccessResource, Allow, AuthenticatedActor, CurrentActor, Permission, UsersService } from '@app/identity';
import { ApiProblems } from '../common/api-problems.decorator';
import { IfMatchVersion } from '../common/if-match.decorator';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto, UserPageDto } from './user.dto';

@ApiTags('users')
@ApiBearerAuth('bearer')
@AccessResource('user')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Allow(Permission.UserCreate)
  @ApiOperation({
    summary: 'Create an account (admin)',
    description:
      'Requesters need an organizationId. 409 if the email exists under the same normal form (NFKC, any letter case). ' +
      'An account created with a staff role (investigator, supervisor, admin) notifies every supervisor (`account.staff_role_granted`).',
  })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblems(400, 401, 403, 409)
  async create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return UserDto.of(await this.users.create(dto));
  }

  @Get()
  @Allow(Permission.UserList)
  @ApiOperation({ summary: 'List accounts (admin), oldest first, filtered by role, active, organization', description: 'Audited as `user.list` (the filters and the count).' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiProblems(400, 401, 403)
  async list(
    @Query() { role, active, organizationId, limit, cursor }: ListUsersQueryDto,
  ): Promise<UserPageDto> {
    const page = await this.users.listForAdmin({ role, active, organizationId }, { limit, cursor });
    return { items: page.items.map(UserDto.of), nextCursor: page.nextCursor };
  }

  @Patch(':id')
  @Allow(Permission.UserUpdate)
  @ApiOperation({
    summary: 'Change name, role or active flag (admin)',
    description:
      'A role change or deactivation ends the user’s logins: their next request is refused. Admins cannot change their own role or active flag (409). ' +
      'A body with no field set (absent or null) is 400 and changes nothing (the version stays). Giving a staff role notifies every supervisor (`account.staff_role_granted`).',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The user’s id.' })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The version the change is based on; 412 when stale. `*` matches any version.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async update(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateUserDto,
    @IfMatchVersion() version: number | undefined,
  ): Promise<UserDto> {
    return UserDto.of(await this.users.update(actor, id, dto, version));
  }
}
