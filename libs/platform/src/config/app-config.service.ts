import { Inject, Injectable } from '@nestjs/common';
import type { Environment } from './environment';

/** The validated environment (PlatformConfigModule.forRoot). */
export const VALIDATED_ENVIRONMENT = Symbol('VALIDATED_ENVIRONMENT');

/**
 * The one typed way to read configuration (docs/style.md habit 8). A feature names the variables
 * it reads, e.g. `AppConfig<TriageEnvironment>` (its own `triage.config.ts`); the platform's are
 * always readable. One instance holds every schema the app passed to PlatformConfigModule.forRoot.
 */
@Injectable()
export class AppConfig<Variables extends object = object> {
  constructor(@Inject(VALIDATED_ENVIRONMENT) private readonly env: Environment & Variables) {}

  get<K extends keyof (Environment & Variables)>(key: K): (Environment & Variables)[K] {
    return this.env[key];
  }

  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }
}
