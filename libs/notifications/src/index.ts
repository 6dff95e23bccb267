export * from './notifications.module';
export * from './notification.types';
export * from './notifications.service';
export { NOTIFICATIONS_ENTITIES } from './notifications.entities';
export { NOTIFICATIONS_MIGRATIONS } from './migrations';
