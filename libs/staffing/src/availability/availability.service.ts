import { Database } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { AuthenticatedActor, Permission, requirePermission, Role } from '@app/identity';
import { StaffDirectory } from '../directory/staff-directory';
import { AvailabilityRepository } from './availability.repository';

/** Investigators' duty: set by themselves, read by triage (suggestions, critical notifications) and the investigator list. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly db: Database,
    private readonly availability: AvailabilityRepository,
    private readonly directory: StaffDirectory,
    private readonly audit: AuditRecorder,
  ) {}

  /** An investigator goes on or off duty (PUT /me/availability). Other roles are 403. */
  async setOwnDuty(actor: AuthenticatedActor, onDuty: boolean): Promise<{ onDuty: boolean }> {
    requirePermission(actor, Permission.AvailabilitySet);
    await this.db.transaction(async (tx) => {
      await this.availability.setDuty(tx, actor.id, onDuty);
      await this.audit.record(tx, {
        action: 'availability.update',
        resourceType: 'user',
        resourceId: actor.id,
        actorId: actor.id,
        actorRole: actor.role,
        details: { onDuty },
      });
    });
    return { onDuty };
  }

  /** An investigator's own duty state (GET /me/availability); no row means off duty. Other roles are 403. */
  async ownDuty(actor: AuthenticatedActor): Promise<{ onDuty: boolean }> {
    requirePermission(actor, Permission.AvailabilitySet);
    return { onDuty: await this.availability.isOnDuty(this.db, actor.id) };
  }

  /**
   * Investigators who are on duty and still active investigators: an account deactivated or moved
   * to another role while on duty is left out without anyone having to switch it off.
   */
  async onDutyInvestigatorIds(): Promise<string[]> {
    const onDuty = await this.availability.onDutyIds(this.db);
    if (onDuty.length === 0) return [];
    const active = new Set(await this.directory.activeIds(Role.Investigator));
    return onDuty.filter((id) => active.has(id));
  }
}
