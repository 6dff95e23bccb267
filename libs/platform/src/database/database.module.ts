import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.service';
import { databaseOptions } from './database-options';
import { DirectSql } from './direct-sql';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...databaseOptions({
          url: config.get('DATABASE_URL'),
          poolSize: config.get('DATABASE_POOL_SIZE'),
          appRole: config.get('DATABASE_APP_ROLE'),
        }),
        autoLoadEntities: true,
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [DirectSql],
  exports: [DirectSql],
})
export class PlatformDatabaseModule {}
