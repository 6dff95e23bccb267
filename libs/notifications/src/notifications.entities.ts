import { NotificationEntity } from './notification.entity';

/** The tables this lib owns, one entity each (registered with TypeORM; the schema test compares them). */
export const NOTIFICATIONS_ENTITIES = [NotificationEntity];
