import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccessResource,
  Allow,
  AuthenticatedActor,
  CurrentActor,
  Permission,
  RoleGrantsService,
} from '@app/identity';
import { ApiProblems } from '../common/api-problems.decorator';
import { NoBodyPipe } from '../common/no-body.pipe';
import {
  ListRoleGrantsQueryDto,
  RejectRoleGrantDto,
  RoleGrantDto,
  RoleGrantIdParams,
  RoleGrantPageDto,
} from './role-grant.dto';

/** Two-person staff-role grants (docs/accounts.md "Role grants"): supervisors decide what admins asked for. */
@ApiTags('role-grants')
@ApiBearerAuth('bearer')
@AccessResource('role_grant')
@Controller('role-grants')
export class RoleGrantsController {
  constructor(private readonly grants: RoleGrantsService) {}

  @Get()
  @Allow(Permission.RoleGrantReview)
  @ApiOperation({
    summary: 'List staff-role grants (supervisor), oldest first',
    description:
      '`?status=pending` for the ones waiting for a decision. Audited as `role_grant.list` (the filter and the count).',
  })
  @ApiOkResponse({ type: RoleGrantPageDto })
  @ApiProblems(400, 401, 403)
  async list(@Query() { status, limit, cursor }: ListRoleGrantsQueryDto): Promise<RoleGrantPageDto> {
    const page = await this.grants.list({ status }, { limit, cursor });
    return { items: page.items.map(RoleGrantDto.of), nextCursor: page.nextCursor };
  }

  @Post(':id/approve')
  @HttpCode(HttpStatus.OK)
  @Allow(Permission.RoleGrantReview)
  @ApiOperation({
    summary: 'Approve a pending grant (supervisor): the account gets the role',
    description:
      'The account’s logins end (its next request is refused) and it logs in again with the role; supervisors are notified ' +
      '(`account.staff_role_granted`). 403 for a grant for your own account; 409 when the grant is no longer pending (also the ' +
      'second of two approvals at once) or the account is deactivated. Audited as `role_grant.approve`, refusals too.',
  })
  @ApiOkResponse({ type: RoleGrantDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async approve(
    @CurrentActor() actor: AuthenticatedActor,
    @Param() { id }: RoleGrantIdParams,
    @Body(NoBodyPipe) _body: unknown,
  ): Promise<RoleGrantDto> {
    return RoleGrantDto.of(await this.grants.approve(actor, id));
  }

  @Post(':id/reject')
  @HttpCode(HttpStatus.OK)
  @Allow(Permission.RoleGrantReview)
  @ApiOperation({
    summary: 'Reject a pending grant with a reason (supervisor): the account keeps its role',
    description:
      'Supervisors are notified (`account.role_grant_rejected`). 403 for a grant for your own account; 409 when it is no ' +
      'longer pending. A rejected grant stays rejected: the admin asks again with a new grant. Audited as `role_grant.reject` ' +
      '(the reason is kept with the grant, not in the audit trail).',
  })
  @ApiOkResponse({ type: RoleGrantDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async reject(
    @CurrentActor() actor: AuthenticatedActor,
    @Param() { id }: RoleGrantIdParams,
    @Body() dto: RejectRoleGrantDto,
  ): Promise<RoleGrantDto> {
    return RoleGrantDto.of(await this.grants.reject(actor, id, dto.reason));
  }
}
