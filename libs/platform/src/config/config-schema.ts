import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { Environment, platformConfig } from './environment';

/**
 * One lib's environment variables: the platform's (environment.ts) or a feature's
 * (`libs/<feature>/src/<feature>.config.ts`). The apps hand the feature schemas to
 * `validateEnvironment`, so platform knows no feature.
 */
export interface ConfigSchema<Variables extends object = object> {
  /** A class whose properties are the variables: class-validator rules, development defaults. */
  readonly variables: new () => Variables;
  /** Values for secrets that have no default, applied outside production only. */
  readonly developmentSecrets?: Readonly<Record<string, string>>;
  /** Variables whose empty value means something (none) rather than "use the default". */
  readonly emptyIsAValue?: readonly string[];
  /**
   * Rules across variables, checked once every variable passed or failed its own rules (named in
   * `alreadyBad`). `env` holds every schema's variables, so a rule may read the platform's.
   */
  problems?(env: Environment & Variables, alreadyBad: readonly string[]): string[];
  /** Derived defaults, set once the whole environment is valid. */
  finish?(env: Environment & Variables): void;
}

type VariablesOf<S> = S extends ConfigSchema<infer V> ? V : never;
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The validated environment of the platform and the given feature schemas. */
export type EnvironmentOf<S extends readonly ConfigSchema[]> = Environment & Intersection<VariablesOf<S[number]>>;

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/** The variable names a schema declares (every property carries at least one rule). */
export function variableNames(schema: ConfigSchema): string[] {
  const rules = getMetadataStorage().getTargetValidationMetadatas(schema.variables, '', true, false);
  return [...new Set(rules.map((rule) => rule.propertyName))];
}

/** Every variable of the platform and the given features: what `.env.example` documents. */
export function configVariables(features: readonly ConfigSchema[]): string[] {
  return [platformConfig, ...features].flatMap(variableNames);
}

/**
 * Validates raw environment variables against the platform's schema and every given feature's;
 * throws one error naming every offending variable of all of them.
 */
export function validateEnvironment<const S extends readonly ConfigSchema[] = []>(
  raw: Record<string, unknown>,
  features: S = [] as unknown as S,
): EnvironmentOf<S> {
  const schemas: readonly ConfigSchema[] = [platformConfig, ...features];
  const names = schemas.map(variableNames);
  const declaredTwice = names.flat().filter((name, i, all) => all.indexOf(name) !== i);
  if (declaredTwice.length > 0) throw new Error(`Configuration variables declared twice: ${declaredTwice.join(', ')}`);

  const emptyIsAValue = new Set(schemas.flatMap((schema) => schema.emptyIsAValue ?? []));
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined && (value !== '' || emptyIsAValue.has(key))) input[key] = value;
  }
  if (input.NODE_ENV !== 'production') {
    for (const schema of schemas) {
      for (const [key, value] of Object.entries(schema.developmentSecrets ?? {})) input[key] ??= value;
    }
  }

  const env: Record<string, unknown> = {};
  const problems: string[] = [];
  const alreadyBad: string[] = [];
  schemas.forEach((schema, i) => {
    const own = Object.fromEntries(names[i].filter((name) => name in input).map((name) => [name, input[name]]));
    const variables = plainToInstance(schema.variables, own, { exposeDefaultValues: true });
    const errors = validateSync(variables, { whitelist: false, skipMissingProperties: false });
    // Name the variable and the rule, never the value: it may be a secret.
    problems.push(...errors.map((e) => `${e.property} ${Object.values(e.constraints ?? {}).join(', ')}`));
    alreadyBad.push(...errors.map((e) => e.property));
    Object.assign(env, variables);
  });
  const all = env as EnvironmentOf<S>;
  for (const schema of schemas) problems.push(...(schema.problems?.(all, alreadyBad) ?? []));
  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  for (const schema of schemas) schema.finish?.(all);
  return all;
}
