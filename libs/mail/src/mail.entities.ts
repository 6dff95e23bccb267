import { MailDeliveryEntity } from './delivery/mail-delivery.entity';
import { NotificationPreferenceEntity } from './preferences/notification-preference.entity';

/** The tables this lib owns, one entity each (registered with TypeORM; the schema test compares them). */
export const MAIL_ENTITIES = [MailDeliveryEntity, NotificationPreferenceEntity];
