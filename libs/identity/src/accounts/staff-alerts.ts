import { Tx } from '@app/platform';
import { Injectable } from '@nestjs/common';
import type { AuditEventInput } from '@app/audit';
import { Role } from '../access/role';
import { StaffNotificationsRepository } from './staff-notifications.repository';

/** Roles that reach case content or accounts: giving one is what supervisors are told about. */
export const STAFF_ROLES: readonly Role[] = [Role.Investigator, Role.Supervisor, Role.Admin];

/**
 * `account.staff_role_granted`: the account now holds a staff role; `account.role_grant_requested` /
 * `account.role_grant_rejected`: an admin asked for investigator or supervisor (pending a
 * supervisor's approval), and a supervisor refused it (docs/accounts.md "Role grants");
 * `account.mfa_reset`: an admin removed the account's second factors.
 */
export type StaffAlertType =
  | 'account.staff_role_granted'
  | 'account.staff_password_set'
  | 'account.mfa_reset'
  | 'account.role_grant_requested'
  | 'account.role_grant_rejected';

export interface StaffAlert {
  type: StaffAlertType;
  /** The account concerned. */
  userId: string;
  role: Role;
  previousRole: Role | null;
  /** Makes the notification unique per recipient (e.g. the account's version after the change). */
  occurrence: string | number;
  /** Whether the person who made the change chose the account's password (an account created with one). */
  passwordSetByOther: boolean;
}

/**
 * Separation of duties made visible (issue 11, item 4): when an account gets a staff role (on
 * creation or by PATCH), every active supervisor gets an in-app notification (no case text: the
 * type and the account's id) and the change gets a `user.staff_alert` audit event. Written in the
 * transaction of the change itself, so a committed grant always has its alert. `account.staff_password_set`
 * is reserved for a staff account's password set by someone else on an existing account (no route
 * does that today: an admin sets a password only when creating an account, which alerts as a grant).
 */
@Injectable()
export class StaffAlerts {
  constructor(private readonly notifications: StaffNotificationsRepository) {}

  /** Notifies every active supervisor but the account itself; answers the audit event to append last. */
  async notify(tx: Tx, alert: StaffAlert): Promise<AuditEventInput> {
    const supervisorsNotified = await this.notifySupervisors(tx, alert.type, alert.userId, alert.occurrence);
    return {
      action: 'user.staff_alert',
      resourceType: 'user',
      resourceId: alert.userId,
      details: {
        alert: alert.type,
        role: alert.role,
        previousRole: alert.previousRole,
        passwordSetByOther: alert.passwordSetByOther,
        supervisorsNotified,
      },
    };
  }

  /**
   * One `type` notification about the account for every active supervisor but the account itself,
   * once per `occurrence`; answers how many were notified. The caller audits the change.
   */
  notifySupervisors(
    tx: Tx,
    type: StaffAlertType,
    userId: string,
    occurrence: string | number,
  ): Promise<number> {
    return this.notifications.insertForSupervisors(tx, type, userId, `${type}:${userId}:${occurrence}`);
  }
}
