import { Injectable } from '@nestjs/common';
import { AuditEventInput, AuditRecorder } from '@app/audit';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  Page,
  PageRequest,
  RequestContext,
} from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedActor } from '../access/access.decorators';
import { Role } from '../access/role';
import { StaffAlerts } from '../accounts/staff-alerts';
import { User } from '../accounts/user';
import { UsersRepository } from '../accounts/users.repository';
import { SessionsRepository } from '../sessions/sessions.repository';
import { RoleGrant, RoleGrantFilter, RoleGrantView } from './role-grant';
import { RoleGrantsRepository } from './role-grants.repository';

/** What asking for a staff role did: the account as it now is, and the pending grant (null: applied at once). */
export interface RoleRequestOutcome {
  user: User;
  grant: RoleGrant | null;
  /** To append to the caller's audit events (recorded last in its transaction). */
  events: AuditEventInput[];
}

export interface RoleRequest {
  user: User;
  role: Role;
  newAccount: boolean;
  passwordSetByOther: boolean;
}

type Refusal = { refused: 'not_pending' | 'own_account' | 'inactive_account'; grant: RoleGrant };

/**
 * Two-person staff-role grants (issue 14, docs/accounts.md "Role grants"). An admin's request to
 * give an account investigator or supervisor becomes a pending grant; a supervisor other than the
 * account approves (the role applies, the account's logins end) or rejects it. Only the very first
 * supervisor, while none has ever existed, applies at once. Every step is audited and every active
 * supervisor is notified, in the transaction of the step.
 */
@Injectable()
export class RoleGrantsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly grants: RoleGrantsRepository,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly staffAlerts: StaffAlerts,
    private readonly audit: AuditRecorder,
    private readonly context: RequestContext,
  ) {}

  /**
   * In the caller's transaction (account creation or change by an admin): asks for `role`. A pending
   * grant of the account is superseded by the new one. The first supervisor ever applies at once.
   */
  async request(manager: EntityManager, request: RoleRequest): Promise<RoleRequestOutcome> {
    const { user, role } = request;
    if (role === Role.Supervisor && (await this.grants.claimFirstSupervisor(user.id, manager))) {
      return this.applyFirstSupervisor(manager, request);
    }
    const superseded = await this.grants.closePending(user.id, 'superseded', this.actorId(), manager);
    const grant = await this.grants.insertPending(
      { userId: user.id, role, previousRole: user.role, requestedBy: this.actorId() },
      manager,
    );
    const events: AuditEventInput[] = [];
    if (superseded) events.push(this.closedEvent(superseded, 'superseded'));
    events.push({
      action: 'role_grant.request',
      resourceType: 'role_grant',
      resourceId: grant.id,
      details: { userId: user.id, role, previousRole: user.role, newAccount: request.newAccount },
    });
    events.push(
      await this.staffAlerts.notify(manager, {
        type: 'account.role_grant_requested',
        userId: user.id,
        role,
        previousRole: user.role,
        occurrence: grant.id,
        passwordSetByOther: request.passwordSetByOther,
      }),
    );
    return { user: { ...user, pendingRole: role }, grant, events };
  }

  /**
   * In the caller's transaction: the admin changed the account's role otherwise (or kept it) or
   * deactivated it, so its pending grant, if any, is withdrawn. Answers the audit events.
   */
  async withdrawPending(
    manager: EntityManager,
    userId: string,
    cause: 'role_changed' | 'deactivated',
  ): Promise<AuditEventInput[]> {
    const withdrawn = await this.grants.closePending(userId, 'withdrawn', this.actorId(), manager);
    return withdrawn ? [this.closedEvent(withdrawn, cause)] : [];
  }

  /** GET /role-grants (supervisors); audited as `role_grant.list` (the filter and the count). */
  async list(filter: RoleGrantFilter, page: PageRequest): Promise<Page<RoleGrantView>> {
    const result = await this.grants.list(filter, page);
    await this.audit.record(this.dataSource.manager, {
      action: 'role_grant.list',
      resourceType: 'role_grant',
      details: { ...filter, cursor: page.cursor !== undefined, count: result.items.length },
    });
    return result;
  }

  /**
   * A supervisor approves: the account gets the role and its logins end. Refused (and audited) for
   * the supervisor's own account (403), a grant no longer pending or a deactivated account (409).
   * Two approvals at once serialize on the grant's row lock: the second finds it decided (409).
   */
  async approve(actor: AuthenticatedActor, id: string): Promise<RoleGrantView> {
    return this.decide(actor, id, 'role_grant.approve', async (manager, grant) => {
      const applied = await this.users.applyRole(grant.userId, grant.role, manager);
      if (!applied) return { refused: 'inactive_account', grant };
      const decided = (await this.grants.decide(
        grant.id,
        { status: 'approved', by: actor.id },
        manager,
      )) as RoleGrant;
      const sessionsRevoked = await this.sessions.revokeAllOfUser(grant.userId, 'account_changed', manager);
      const alert = await this.staffAlerts.notify(manager, {
        type: 'account.staff_role_granted',
        userId: grant.userId,
        role: grant.role,
        previousRole: applied.previousRole,
        occurrence: grant.id,
        passwordSetByOther: false,
      });
      await this.audit.recordMany(manager, [
        {
          action: 'role_grant.approve',
          resourceType: 'role_grant',
          resourceId: grant.id,
          details: {
            userId: grant.userId,
            role: grant.role,
            previousRole: applied.previousRole,
            sessionsRevoked: sessionsRevoked > 0,
          },
        },
        alert,
      ]);
      return decided;
    });
  }

  /** A supervisor rejects with a reason (kept with the grant, never in the trail); the account keeps its role. */
  async reject(actor: AuthenticatedActor, id: string, reason: string): Promise<RoleGrantView> {
    return this.decide(actor, id, 'role_grant.reject', async (manager, grant) => {
      const decided = (await this.grants.decide(
        grant.id,
        { status: 'rejected', by: actor.id, reason },
        manager,
      )) as RoleGrant;
      const alert = await this.staffAlerts.notify(manager, {
        type: 'account.role_grant_rejected',
        userId: grant.userId,
        role: grant.role,
        previousRole: grant.previousRole,
        occurrence: grant.id,
        passwordSetByOther: false,
      });
      await this.audit.recordMany(manager, [
        {
          action: 'role_grant.reject',
          resourceType: 'role_grant',
          resourceId: grant.id,
          details: { userId: grant.userId, role: grant.role, reasonGiven: true },
        },
        alert,
      ]);
      return decided;
    });
  }

  /**
   * Locks the grant, checks what every decision needs (pending, not the decider's own account) and
   * runs `apply`. A refusal is audited on its own after the transaction rolled back, then answered.
   */
  private async decide(
    actor: AuthenticatedActor,
    id: string,
    action: string,
    apply: (manager: EntityManager, grant: RoleGrant) => Promise<RoleGrant | Refusal>,
  ): Promise<RoleGrantView> {
    const outcome = await this.dataSource
      .transaction(async (manager): Promise<RoleGrant | Refusal | null> => {
        const grant = await this.grants.lock(id, manager);
        if (!grant) return null;
        if (grant.userId === actor.id) return { refused: 'own_account', grant };
        if (grant.status !== 'pending') return { refused: 'not_pending', grant };
        const result = await apply(manager, grant);
        // A refusal found inside `apply` must leave nothing behind: roll back by throwing it out.
        if ('refused' in result) throw new RefusedDecision(result);
        return result;
      })
      .catch((error: unknown) => {
        if (error instanceof RefusedDecision) return error.refusal;
        throw error;
      });
    if (!outcome) throw new NotFoundError('Role grant');
    if (!('refused' in outcome)) return (await this.grants.findView(outcome.id)) as RoleGrantView;
    const { refused, grant } = outcome;
    await this.audit.record(this.dataSource.manager, {
      action,
      resourceType: 'role_grant',
      resourceId: grant.id,
      outcome: refused === 'own_account' ? 'denied' : 'failure',
      details: { userId: grant.userId, role: grant.role, status: grant.status, refused },
    });
    throw REFUSALS[refused](grant);
  }

  private async applyFirstSupervisor(
    manager: EntityManager,
    request: RoleRequest,
  ): Promise<RoleRequestOutcome> {
    const withdrawn = await this.grants.closePending(request.user.id, 'superseded', this.actorId(), manager);
    const applied = await this.users.applyRole(request.user.id, Role.Supervisor, manager);
    if (!applied) throw new ConflictError('A deactivated account cannot be given a role.');
    await this.sessions.revokeAllOfUser(request.user.id, 'account_changed', manager);
    const events: AuditEventInput[] = withdrawn ? [this.closedEvent(withdrawn, 'superseded')] : [];
    events.push({
      action: 'role_grant.first_supervisor',
      resourceType: 'user',
      resourceId: request.user.id,
      details: { role: Role.Supervisor, previousRole: applied.previousRole, newAccount: request.newAccount },
    });
    events.push(
      await this.staffAlerts.notify(manager, {
        type: 'account.staff_role_granted',
        userId: request.user.id,
        role: Role.Supervisor,
        previousRole: applied.previousRole,
        occurrence: applied.user.version,
        passwordSetByOther: request.passwordSetByOther,
      }),
    );
    return { user: applied.user, grant: null, events };
  }

  /** The admin asking (the request context's actor; null outside a request). */
  private actorId(): string | null {
    return this.context.actor?.id ?? null;
  }

  private closedEvent(
    grant: RoleGrant,
    cause: 'superseded' | 'role_changed' | 'deactivated',
  ): AuditEventInput {
    return {
      action: 'role_grant.withdraw',
      resourceType: 'role_grant',
      resourceId: grant.id,
      details: { userId: grant.userId, role: grant.role, status: grant.status, cause },
    };
  }
}

class RefusedDecision extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.refused);
  }
}

const REFUSALS: Record<Refusal['refused'], (grant: RoleGrant) => DomainError> = {
  own_account: () => new ForbiddenError('You cannot decide a role grant for your own account.'),
  not_pending: (grant) =>
    new ConflictError(`This role grant is ${grant.status}, no longer pending.`, { status: grant.status }),
  inactive_account: () => new ConflictError('The account is deactivated: its role grant cannot be approved.'),
};
