import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, VALIDATED_ENVIRONMENT } from './app-config.service';
import { ConfigSchema, validateEnvironment } from './config-schema';

/**
 * Configuration for the whole app: each app passes the schemas of the feature libs it runs
 * (apps/<app>/src/<app>.config.ts), so platform knows no feature. Global, as configuration is read
 * everywhere and there is one per process.
 */
@Global()
@Module({})
export class PlatformConfigModule {
  static forRoot(features: readonly ConfigSchema[] = []): DynamicModule {
    return {
      module: PlatformConfigModule,
      providers: [
        // Evaluated when the module graph is instantiated (not at import), so tests can set env first.
        { provide: VALIDATED_ENVIRONMENT, useFactory: () => validateEnvironment(process.env, features) },
        AppConfig,
      ],
      exports: [AppConfig],
    };
  }
}
