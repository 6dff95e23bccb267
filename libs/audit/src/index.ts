export * from './audit.module';
export * from './chain/canonical-encoding';
export * from './recording/audit-event';
export * from './recording/audit-recorder';
