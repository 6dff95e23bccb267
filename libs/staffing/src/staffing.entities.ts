import { InvestigatorAvailabilityEntity } from './availability/investigator-availability.entity';

/** The tables this lib owns, one entity each (registered with TypeORM; the schema test compares them). */
export const STAFFING_ENTITIES = [InvestigatorAvailabilityEntity];
