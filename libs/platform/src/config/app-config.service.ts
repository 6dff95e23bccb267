import { Inject, Injectable, Provider, Type } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import { ConfigSchema, validateEnvironment } from './config-schema';
import type { Environment } from './environment';

/** Evaluated when the module graph is instantiated (not at import), so tests can set env first. */
export const environmentConfig = registerAs('environment', () => validateEnvironment(process.env));

/**
 * The one typed way to read configuration (docs/style.md habit 8). `AppConfig` itself holds the
 * platform's variables; a feature injects its own subclass (e.g. `TriageConfig`, declared beside its
 * schema in `triage.config.ts` and provided by `configProvider`), which holds the feature's variables
 * with the platform's.
 */
@Injectable()
export class AppConfig<Variables extends object = object> {
  constructor(@Inject(environmentConfig.KEY) private readonly env: Environment & Variables) {}

  get<K extends keyof (Environment & Variables)>(key: K): (Environment & Variables)[K] {
    return this.env[key];
  }

  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }
}

/**
 * The provider of a feature's config: its schema's variables validated (with the platform's) when
 * the module graph is instantiated. Every schema was already validated at once by the app's entry
 * point (`validateEnvironment(process.env, <the app's schemas>)`), which names every bad variable.
 */
export function configProvider<V extends object>(
  token: Type<AppConfig<V>>,
  schema: ConfigSchema<V>,
): Provider {
  return { provide: token, useFactory: () => new token(validateEnvironment(process.env, [schema])) };
}
