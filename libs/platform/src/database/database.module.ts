import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config.service';
import { PlatformConfigModule } from '../config/config.module';
import { APP_LOGGER, AppLogger, PlatformLoggingModule } from '../logging/logging.module';
import { databaseOptions } from './database-options';
import { connectWhenReachable } from './database-startup';
import { DirectSql } from './direct-sql';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [PlatformConfigModule, PlatformLoggingModule],
      inject: [AppConfig, APP_LOGGER],
      useFactory: (config: AppConfig, logger: AppLogger) => ({
        ...databaseOptions({
          url: config.get('DATABASE_URL'),
          poolSize: config.get('DATABASE_POOL_SIZE'),
          statementTimeoutMs: config.get('DATABASE_STATEMENT_TIMEOUT_MS'),
          connectTimeoutMs: config.get('DATABASE_CONNECT_TIMEOUT_MS'),
          idleTimeoutMs: config.get('DATABASE_IDLE_TIMEOUT_MS'),
          keepAliveDelayMs: config.get('DATABASE_KEEPALIVE_DELAY_MS'),
        }),
        autoLoadEntities: true,
        // The factory below waits for the database itself; Nest's retry (3 tries, 1 s) would exit.
        toRetry: () => false,
        startup: {
          log: logger.child({ context: 'Database' }),
          timeoutSeconds: config.get('DATABASE_START_TIMEOUT_SECONDS'),
          refuseSuperuser: config.isProduction,
        },
      }),
      dataSourceFactory: async (options) => {
        const { startup, ...rest } = options as DataSourceOptions & {
          startup: Parameters<typeof connectWhenReachable>[1];
        };
        return connectWhenReachable(rest as DataSourceOptions, startup);
      },
    }),
  ],
  providers: [DirectSql],
  exports: [DirectSql],
})
export class PlatformDatabaseModule {}
