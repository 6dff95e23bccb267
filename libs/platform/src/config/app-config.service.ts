import { Inject, Injectable } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import { Environment, validateEnvironment } from './environment';

/** Evaluated when the module graph is instantiated (not at import), so tests can set env first. */
export const environmentConfig = registerAs('environment', () => validateEnvironment(process.env));

/** The one typed way to read configuration (docs/style.md habit 8). */
@Injectable()
export class AppConfig {
  constructor(@Inject(environmentConfig.KEY) private readonly env: Environment) {}

  get<K extends keyof Environment>(key: K): Environment[K] {
    return this.env[key];
  }

  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }
}
