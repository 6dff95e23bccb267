import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every request DTO, loaded from every `*.dto.ts` file under apps/api/src and libs. */
function loadAllDtoFiles(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) loadAllDtoFiles(path);
    else if (entry.name.endsWith('.dto.ts')) require(path);
  }
}

/** Rules by class and property, straight from class-validator's storage (what the pipe enforces). */
function rulesByProperty(): Map<string, ValidationMetadata[]> {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<{ name: string }, ValidationMetadata[]>;
  };
  const out = new Map<string, ValidationMetadata[]>();
  for (const [target, rules] of storage.validationMetadatas) {
    // The environment (the platform's and each feature's *Environment) is validated with
    // class-validator too, but it is no request body.
    if (target.name.endsWith('Environment')) continue;
    for (const rule of rules) {
      const key = `${target.name}.${rule.propertyName}`;
      out.set(key, [...(out.get(key) ?? []), rule]);
    }
  }
  return out;
}

const names = (rules: ValidationMetadata[]) => new Set(rules.map((r) => r.name ?? r.type));

/** A string rule that bounds length: an explicit maximum, or a closed set or format of short values. */
const BOUNDED_STRING = [
  'maxLength',
  'isLength',
  'isIn',
  'isUUID',
  'isEnum',
  'isDateString',
  'isISO8601',
  'isBooleanString',
  'isNumberString',
];

/** An anchored pattern without an unbounded repetition also bounds the length. */
function isBoundedPattern(rule: ValidationMetadata): boolean {
  const pattern = rule.constraints?.[0];
  if (!(pattern instanceof RegExp)) return false;
  return (
    pattern.source.startsWith('^') &&
    pattern.source.endsWith('$') &&
    !/[*+]|\{\d+,\}/.test(pattern.source.replace(/\\./g, ''))
  );
}

const isBoundedString = (rules: ValidationMetadata[]) =>
  BOUNDED_STRING.some((rule) => names(rules).has(rule)) ||
  rules.some((r) => r.name === 'matches' && isBoundedPattern(r));

describe('request DTO bounds', () => {
  beforeAll(() => {
    loadAllDtoFiles(join(__dirname, '..'));
    loadAllDtoFiles(join(__dirname, '../../../../libs'));
  });

  it('finds the DTOs', () => {
    expect([...rulesByProperty().keys()]).toEqual(
      expect.arrayContaining(['CreateConsultationDto.concernTypes', 'LoginDto.email']),
    );
  });

  it('gives every array a maximum length (@ArrayMaxSize)', () => {
    const unbounded = [...rulesByProperty()]
      .filter(([, rules]) => names(rules).has('isArray') && !names(rules).has('arrayMaxSize'))
      .map(([property]) => property);
    expect(unbounded).toEqual([]);
  });

  it('gives every string a maximum length (or a closed set of values)', () => {
    const unbounded = [...rulesByProperty()]
      .filter(([, rules]) => names(rules).has('isString') && !isBoundedString(rules))
      .map(([property]) => property);
    expect(unbounded).toEqual([]);
  });
});
