import { InvestigatorAvailabilityEntity } from './assignment/investigator-availability.entity';
import { SlaEscalationEntity } from './escalation/sla-escalation.entity';
import { NotificationEntity } from './notifications/notification.entity';

/** The tables this lib owns, one entity each (registered with TypeORM; the schema test compares them). */
export const TRIAGE_ENTITIES = [InvestigatorAvailabilityEntity, SlaEscalationEntity, NotificationEntity];
