import { getMetadataStorage, ValidationArguments, ValidationTypes, ValidatorOptions } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
/** A class, as class-validator keys its metadata. */
type Target = abstract new (...args: never[]) => unknown;
type Metadata = ReturnType<Storage['getTargetValidationMetadatas']>[number];
type Constraint = ReturnType<Storage['getTargetValidatorConstraints']>[number];

interface Rule {
  metadata: Metadata;
  constraints: Constraint[];
}

interface PropertyPlan {
  name: string;
  /** ValidateIf conditions: when one is false, the property's other rules are skipped. */
  conditions: Metadata[];
  /** IsDefined and every built-in or custom rule (each runs class-validator's own constraint). */
  rules: Rule[];
  /** ValidateNested. */
  nested: Metadata[];
}

interface ClassPlan {
  properties: PropertyPlan[];
  known: Set<string>;
}

/** What the plan models: anything else (a schema, a promise rule, a new type) goes to class-validator. */
const MODELLED = new Set<string>([
  ValidationTypes.IS_DEFINED,
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.WHITELIST,
]);

/** Thrown inside the walk for anything the plan does not model; the caller then asks class-validator. */
const UNMODELLED = Symbol('unmodelled');

/**
 * Decides, without building any error, whether class-validator would find NO error in `object`
 * under the API's options (whitelist, forbidNonWhitelisted, forbidUnknownValues, no groups).
 *
 * It is class-validator's ValidationExecutor reduced to its verdict: the same metadata (read once
 * per class from class-validator's own storage, with the arguments the executor passes), the same
 * order of conditions, the same constraint instances called with the same arguments, the same
 * whitelist and unknown-value checks, the same recursion into nested objects and arrays. It answers
 * false for every input class-validator would refuse, and also for anything it does not model
 * (groups, schemas, async or promise rules, Sets and Maps, other options): the caller then runs
 * class-validator, which alone writes the errors. So the outcome of validation never depends on
 * this function, only its cost: class-validator rebuilds the metadata of every class for every
 * object and wraps each rule in error objects and promises, which cost about 0.2 of intake's CPU
 * ratio (docs/performance.md). A property test compares the two on generated bodies for every DTO.
 */
export function passesValidation(object: unknown, options: ValidatorOptions): boolean {
  if (!supported(options)) return false;
  try {
    return passes(object, undefined);
  } catch (error) {
    if (error === UNMODELLED) return false;
    throw error;
  }
}

function supported(options: ValidatorOptions): boolean {
  return (
    options.whitelist === true &&
    options.forbidNonWhitelisted === true &&
    options.forbidUnknownValues !== false &&
    !options.groups?.length &&
    !options.always &&
    !options.strictGroups &&
    !options.skipMissingProperties &&
    !options.skipNullProperties &&
    !options.skipUndefinedProperties
  );
}

/** ValidationExecutor.execute: `object` as the root (schema undefined) or as a nested value. */
function passes(object: unknown, targetSchema: string | undefined): boolean {
  if (object === null || typeof object !== 'object') return false;
  const target = (object as object).constructor as Target | undefined;
  // A null-prototype object has no class to look up; class-validator decides.
  if (typeof target !== 'function') throw UNMODELLED;
  const plan = planFor(target, targetSchema);
  // forbidUnknownValues: a value whose class has no rules is refused.
  if (plan.properties.length === 0) return false;
  // whitelist + forbidNonWhitelisted: any own property without metadata is refused.
  for (const key of Object.keys(object)) if (!plan.known.has(key)) return false;
  for (const property of plan.properties) {
    const value = (object as Record<string, unknown>)[property.name];
    if (value instanceof Promise) throw UNMODELLED;
    if (!propertyPasses(object as object, value, property.conditions, property.rules, property.nested))
      return false;
  }
  return true;
}

/** ValidationExecutor.performValidations. */
function propertyPasses(
  object: object,
  value: unknown,
  conditions: Metadata[],
  rules: Rule[],
  nested: Metadata[],
): boolean {
  for (const condition of conditions) {
    if (!(condition.constraints[0] as (o: object, v: unknown) => boolean)(object, value)) return true;
  }
  for (const rule of rules) if (!rulePasses(object, value, rule)) return false;
  return nestedPasses(value, nested);
}

/** ValidationExecutor.customValidations, for one rule. */
function rulePasses(object: object, value: unknown, { metadata, constraints }: Rule): boolean {
  if (metadata.validateIf && !metadata.validateIf(object, value)) return true;
  const args = {
    targetName: object.constructor ? object.constructor.name : undefined,
    property: metadata.propertyName,
    object,
    value,
    constraints: metadata.constraints,
  } as ValidationArguments;
  for (const constraint of constraints) {
    if (constraint.async) throw UNMODELLED;
    if (value instanceof Set || value instanceof Map) throw UNMODELLED;
    const each = metadata.each && Array.isArray(value);
    const results = each
      ? value.map((item) => constraint.instance.validate(item, args))
      : [constraint.instance.validate(value, args)];
    for (const result of results) {
      if (result instanceof Promise) throw UNMODELLED;
      if (!result) return false;
    }
  }
  return true;
}

/** ValidationExecutor.nestedValidations. */
function nestedPasses(value: unknown, nested: Metadata[]): boolean {
  if (value === undefined) return true;
  for (const metadata of nested) {
    if (value instanceof Set || value instanceof Map) throw UNMODELLED;
    if (Array.isArray(value)) {
      // Each item is validated as the property itself was (no IsDefined), with the nested rules.
      for (let index = 0; index < value.length; index++) {
        if (!propertyPasses(value, value[index], [], [], [metadata])) return false;
      }
    } else if (value instanceof Object) {
      const target = metadata.target;
      if (!passes(value, typeof target === 'string' ? target : target.name)) return false;
    } else {
      return false;
    }
  }
  return true;
}

const plans = new Map<Target, Map<string | undefined, ClassPlan>>();

/** The metadata the executor would use for this class, grouped by property, computed once. */
function planFor(target: Target, targetSchema: string | undefined): ClassPlan {
  let bySchema = plans.get(target);
  if (!bySchema) plans.set(target, (bySchema = new Map()));
  let plan = bySchema.get(targetSchema);
  if (plan) return plan;
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(
    target,
    targetSchema as string,
    false,
    false,
    undefined,
  );
  const properties: PropertyPlan[] = [];
  for (const [name, grouped] of Object.entries(storage.groupByPropertyName(metadatas))) {
    if (grouped.length === 0) continue;
    const property: PropertyPlan = { name, conditions: [], rules: [], nested: [] };
    for (const metadata of grouped) {
      if (!MODELLED.has(metadata.type)) throw UNMODELLED;
      if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) property.conditions.push(metadata);
      else if (metadata.type === ValidationTypes.NESTED_VALIDATION) property.nested.push(metadata);
      else if (metadata.type !== ValidationTypes.WHITELIST) {
        property.rules.push({
          metadata,
          constraints: storage.getTargetValidatorConstraints(metadata.constraintCls),
        });
      }
    }
    properties.push(property);
  }
  plan = { properties, known: new Set(properties.map((p) => p.name)) };
  bySchema.set(targetSchema, plan);
  return plan;
}
