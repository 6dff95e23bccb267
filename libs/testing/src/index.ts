export * from './test-env';
export * from './test-database';
export * from './private-redis';
export * from './redis-prefix';
export * from './private-postgres';
export * from './module-graph';
export * from './all-migrations';
