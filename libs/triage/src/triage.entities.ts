import { SlaEscalationEntity } from './escalation/sla-escalation.entity';

/** The tables this lib owns, one entity each (registered with TypeORM; the schema test compares them). */
export const TRIAGE_ENTITIES = [SlaEscalationEntity];
