import { MigrationInterface, QueryRunner } from 'typeorm';

const TYPES_BEFORE = `'consultation.critical', 'consultation.assigned', 'consultation.sla_warning', 'consultation.sla_breached', 'message.created'`;
/**
 * The account notifications of the identity work (issue 11, item 4) are allowed too, so that this
 * check holds whichever of the two migrations a database runs last.
 */
const ACCOUNT_TYPES = `'account.staff_role_granted', 'account.staff_password_set'`;

/**
 * Supervisors are told when a requester hits INTAKE_LIMIT_PER_HOUR (issue 11, medium 8): the
 * notification type `intake.limit_reached`. It names the requester's latest request (its id and
 * reference, never case text), so a supervisor can open the flood from the notification.
 */
export class IntakeAlert1764300001300 implements MigrationInterface {
  name = 'IntakeAlert1764300001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_type_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_type_check
       CHECK (type IN (${TYPES_BEFORE}, ${ACCOUNT_TYPES}, 'intake.limit_reached'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE type = 'intake.limit_reached'`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_type_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_type_check CHECK (type IN (${TYPES_BEFORE}, ${ACCOUNT_TYPES}))`,
    );
  }
}
