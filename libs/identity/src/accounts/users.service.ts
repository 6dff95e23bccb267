import { Injectable } from '@nestjs/common';
import { AuditEventInput, AuditRecorder } from '@app/audit';
import { ConflictError, NotFoundError, Page, PageRequest, PreconditionFailedError, ValidationFailedError } from '@app/platform';
import { DataSource, QueryFailedError } from 'typeorm';
import type { AuthenticatedActor } from '../access/access.decorators';
import { Role } from '../access/role';
import { InvitationsService } from '../account-links/invitations.service';
import { PasswordHasher } from '../passwords/password-hasher';
import { SessionsRepository } from '../sessions/sessions.repository';
import { GRANTED_ROLES, RoleGrant } from '../grants/role-grant';
import { RoleGrantsService } from '../grants/role-grants.service';
import { OrganizationsRepository } from './organizations.repository';
import { STAFF_ROLES, StaffAlerts } from './staff-alerts';
import { User, UserFilter } from './user';
import { UserChanges, UsersRepository } from './users.repository';

export interface CreateUserInput {
  email: string;
  displayName: string;
  role: Role;
  /** Absent: the account is invited and sets its own (the only way for staff: see `create`). */
  password?: string;
  organizationId?: string | null;
}

/** An account as an admin's change left it, and the staff-role grant it now waits for (null: none asked). */
export interface AccountChange {
  user: User;
  grant: RoleGrant | null;
}

/** Who creates an account: an admin (the default), the first-admin bootstrap, or the demo seed (never production). */
export interface CreateUserOptions {
  actorId?: string | null;
  actorRole?: string;
  bootstrap?: boolean;
  demo?: boolean;
}

const NEEDS_ORGANIZATION = { field: 'organizationId', message: 'organizationId is required for requesters' };
const STAFF_ARE_INVITED = {
  field: 'password',
  message:
    'staff accounts (investigator, supervisor, admin) are always invited: leave out password, and they set their own through the link in their invitation',
};

/** Account administration (admins, the first-admin bootstrap, the demo seed). Lookups for other features: UserDirectory. */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly sessions: SessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditRecorder,
    private readonly staffAlerts: StaffAlerts,
    private readonly invitations: InvitationsService,
    private readonly roleGrants: RoleGrantsService,
  ) {}

  /**
   * A new account. With a password it is active at once; without one it is invited: an invitation
   * link is mailed in the same transaction (InvitationsService). An admin never chooses a staff
   * member's password (400): only the bootstrap admin and the demo seed come with one.
   * Investigator and supervisor take two people (docs/accounts.md "Role grants"): the account is
   * created without a role and a pending grant is asked for, unless it is the first supervisor
   * ever. The bootstrap admin and the demo seed (never a route) get their role at once.
   */
  async create(input: CreateUserInput, audit: CreateUserOptions = {}): Promise<AccountChange> {
    const organizationId = input.organizationId ?? null;
    const trusted = audit.bootstrap || audit.demo;
    if (input.password !== undefined && !trusted && STAFF_ROLES.includes(input.role)) {
      throw new ValidationFailedError([STAFF_ARE_INVITED]);
    }
    if (input.role === Role.Requester && !organizationId) throw new ValidationFailedError([NEEDS_ORGANIZATION]);
    if (organizationId && !(await this.organizations.exists(organizationId))) {
      throw new ValidationFailedError([{ field: 'organizationId', message: 'organizationId does not name an organization' }]);
    }
    // Hash before the transaction: ~30 ms of CPU must not hold a connection.
    const passwordHash = input.password === undefined ? null : await this.hasher.hash(input.password);
    const needsGrant = !trusted && GRANTED_ROLES.includes(input.role);
    return this.dataSource.transaction(async (manager) => {
      const inserted = await this.users.insert(
        {
          email: input.email.trim(),
          displayName: input.displayName.trim(),
          role: needsGrant ? null : input.role,
          organizationId,
          passwordHash,
        },
        manager,
      );
      if (!inserted) throw new ConflictError('An account with this email already exists.');
      const actor = audit.actorRole ? { actorId: audit.actorId ?? null, actorRole: audit.actorRole } : {};
      const events: AuditEventInput[] = [
        {
          action: 'user.create',
          resourceType: 'user',
          resourceId: inserted.id,
          details: {
            role: inserted.role,
            organizationId: inserted.organizationId,
            ...(needsGrant ? { requestedRole: input.role } : {}),
            ...(audit.bootstrap ? { bootstrap: true } : {}),
          },
          ...actor,
        },
      ];
      let user = inserted;
      let grant: RoleGrant | null = null;
      if (needsGrant) {
        const asked = await this.roleGrants.request(manager, {
          user,
          role: input.role,
          newAccount: true,
          passwordSetByOther: passwordHash !== null,
        });
        ({ user, grant } = asked);
        events.push(...asked.events.map((event) => ({ ...event, ...actor })));
      } else if (user.role && STAFF_ROLES.includes(user.role)) {
        const alert = await this.staffAlerts.notify(manager, {
          type: 'account.staff_role_granted',
          userId: user.id,
          role: user.role,
          previousRole: null,
          occurrence: user.version,
          passwordSetByOther: passwordHash !== null,
        });
        events.push({ ...alert, ...actor });
      }
      if (!passwordHash) events.push({ ...(await this.invitations.invite(manager, user.id)), ...actor });
      await this.audit.recordMany(manager, events);
      return { user, grant };
    });
  }

  /**
   * Changes name, role or active flag. A role change or deactivation takes effect on the user's
   * next request: the token version moves and every login of the user is revoked. Investigator and
   * supervisor are asked for as a grant (the other changes apply at once); any other role change,
   * keeping the role, or a deactivation withdraws the account's pending grant.
   */
  async update(actor: AuthenticatedActor, id: string, changes: UserChanges, expectedVersion?: number): Promise<AccountChange> {
    // A null is no value: a body of only nulls (or nothing) changes nothing and is a 400, not a new version.
    const changed = (Object.keys(changes) as (keyof UserChanges)[]).filter((key) => changes[key] != null);
    if (changed.length === 0) {
      throw new ValidationFailedError([{ field: '', message: 'give at least one of displayName, role, active (null is not a value)' }]);
    }
    if (id === actor.id && (changes.role !== undefined || changes.active !== undefined)) {
      // Keeps the last admin from locking everyone out by accident.
      throw new ConflictError('You cannot change your own role or deactivate yourself.');
    }
    try {
      const { role, ...others } = changes;
      const asked = role != null && GRANTED_ROLES.includes(role) ? role : null;
      return await this.dataSource.transaction(async (manager) => {
        const result = await this.users.update(id, asked ? others : changes, expectedVersion, manager);
        if (!result) {
          if (await this.users.findById(id, manager)) throw new PreconditionFailedError();
          throw new NotFoundError('User');
        }
        const { user, previousRole, credentialsChanged } = result;
        if (credentialsChanged) await this.sessions.revokeAllOfUser(id, 'account_changed', manager);
        const grantAsked = asked !== null && asked !== user.role;
        const events: AuditEventInput[] = [
          {
            action: 'user.update',
            resourceType: 'user',
            resourceId: id,
            details: {
              changed,
              role: user.role,
              active: user.active,
              sessionsRevoked: credentialsChanged,
              ...(grantAsked ? { requestedRole: asked } : {}),
            },
          },
        ];
        if (grantAsked) {
          if (!user.active) throw new ConflictError('A deactivated account cannot be given a role.');
          const outcome = await this.roleGrants.request(manager, { user, role: asked, newAccount: false, passwordSetByOther: false });
          await this.audit.recordMany(manager, [...events, ...outcome.events]);
          return { user: outcome.user, grant: outcome.grant };
        }
        const withdrawn =
          changes.active === false || role != null
            ? await this.roleGrants.withdrawPending(manager, id, changes.active === false ? 'deactivated' : 'role_changed')
            : [];
        events.push(...withdrawn);
        if (user.role && user.role !== previousRole && STAFF_ROLES.includes(user.role)) {
          events.push(
            await this.staffAlerts.notify(manager, {
              type: 'account.staff_role_granted',
              userId: id,
              role: user.role,
              previousRole,
              occurrence: user.version,
              passwordSetByOther: false,
            }),
          );
        }
        await this.audit.recordMany(manager, events);
        return { user: withdrawn.length > 0 ? { ...user, pendingRole: null } : user, grant: null };
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error as { constraint?: string }).constraint === 'users_requester_has_organization') {
        throw new ValidationFailedError([{ field: 'role', message: 'a user without an organization cannot become a requester' }]);
      }
      throw error;
    }
  }

  /** GET /users: a page of accounts for an admin; audited as `user.list` (filters and count, never the accounts' data). */
  async listForAdmin(filter: UserFilter, page: PageRequest): Promise<Page<User>> {
    const result = await this.users.list(filter, page);
    await this.audit.record(this.dataSource.manager, {
      action: 'user.list',
      resourceType: 'user',
      details: { ...filter, cursor: page.cursor !== undefined, count: result.items.length },
    });
    return result;
  }
}
