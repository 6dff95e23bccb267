import { OutboxEntity } from './outbox/outbox.entity';

/** The tables this lib owns, one entity each (registered with TypeORM; the schema test compares them). */
export const PLATFORM_ENTITIES = [OutboxEntity];
