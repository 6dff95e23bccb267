import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

export interface DatabaseConnectionSettings {
  url: string;
  poolSize?: number;
  /** Role to switch to on connect, so the app holds only the privileges granted to it. */
  appRole?: string;
}

/** One place that turns settings into TypeORM options; used by the API, the worker, the CLI and tests. */
export function databaseOptions(settings: DatabaseConnectionSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    logging: false,
    extra: {
      max: settings.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      options: settings.appRole ? `-c role=${settings.appRole}` : undefined,
    },
  };
}
