import 'reflect-metadata';
import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { createValidationPipe, validationPipeOptions } from '@app/platform';
import { passesValidation } from '@app/platform/http/validation-fast-path';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import * as auditDtos from '../audit/audit.dto';
import * as authDtos from '../auth/auth.dto';
import * as availabilityDtos from '../availability/availability.dto';
import * as commandDtos from '../consultations/consultation-commands.dto';
import * as createDtos from '../consultations/create-consultation.dto';
import * as messageDtos from '../consultations/message.dto';
import * as notificationDtos from '../notifications/notification.dto';
import * as organizationDtos from '../organizations/organization.dto';
import * as statsDtos from '../stats/queue-stats.dto';
import * as userDtos from '../users/user.dto';
import * as pageDtos from './page-query.dto';

/**
 * The global pipe skips class-validator when `passesValidation` says a value has no error. That is
 * only sound if the two always agree: for every DTO the API validates, generated values (mostly
 * near-valid, so that both outcomes occur) must get exactly the same answer from the global pipe
 * as from a plain ValidationPipe with the same options: the same instance, or the same 400.
 */

type Metadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
type Class = new () => object;
/** Any class, as class-validator keys its metadata. */
type Target = abstract new (...args: never[]) => unknown;

const storage = getMetadataStorage();
const rulesOf = (cls: Target): Metadata[] =>
  storage.getTargetValidationMetadatas(cls, '', false, false, undefined);

const validated: Class[] = [
  auditDtos,
  authDtos,
  availabilityDtos,
  commandDtos,
  createDtos,
  messageDtos,
  notificationDtos,
  organizationDtos,
  statsDtos,
  userDtos,
  pageDtos,
]
  .flatMap((module) => Object.values(module))
  .filter((value): value is Class => typeof value === 'function' && rulesOf(value).length > 0);

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -2, max: 200 }),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 20 }),
  fc.constant(''),
  fc.constant('   '),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);

const letters = (min: number, max: number) =>
  fc
    .integer({ min: Math.max(0, min), max: Math.max(0, max) })
    .chain((n) =>
      fc.string({ unit: fc.constantFrom('a', 'b', 'e', 'k', ' ', 'ö'), minLength: n, maxLength: n }),
    );

/** Values for one property: mostly aimed inside its rules (at their bounds), sometimes just outside, or junk. */
function candidates(cls: Target, property: string, rules: Metadata[], depth: number): fc.Arbitrary<unknown> {
  const good: fc.Arbitrary<unknown>[] = [];
  const bad: fc.Arbitrary<unknown>[] = [junk];
  const named = (name: string) =>
    rules.filter((r) => storage.getTargetValidatorConstraints(r.constraintCls)[0]?.name === name);
  for (const rule of named('isIn')) {
    const allowed = rule.constraints[0] as unknown[];
    if (rule.each) {
      good.push(fc.uniqueArray(fc.constantFrom(...allowed), { minLength: 1, maxLength: allowed.length }));
      bad.push(fc.array(fc.constantFrom(...allowed, 'not-a-member'), { maxLength: allowed.length + 1 }));
    } else {
      good.push(fc.constantFrom(...allowed));
      bad.push(fc.constant('not-a-member'));
    }
  }
  const aim = (inside: fc.Arbitrary<unknown>, outside: fc.Arbitrary<unknown>) => {
    good.push(inside);
    bad.push(outside);
  };
  if (named('isBoolean').length) aim(fc.boolean(), fc.constant('true'));
  for (const rule of named('isLength')) {
    const [min, max] = rule.constraints as [number, number];
    good.push(letters(min, min + 2), letters(max - 2, max), letters(min, Math.min(max, min + 60)));
    bad.push(
      letters(min - 1, min - 1),
      letters(max + 1, max + 1),
      letters(min, min + 5).map((s) => `  ${s}  `),
    );
  }
  for (const rule of [...named('minLength'), ...named('maxLength')]) {
    const bound = rule.constraints[0] as number;
    good.push(letters(12, 20));
    bad.push(letters(bound - 1, bound + 1));
  }
  for (const rule of named('matches')) {
    const pattern = rule.constraints[0] as RegExp;
    good.push(fc.stringMatching(new RegExp(pattern.source)).filter((s) => s.length < 200));
  }
  if (named('isUuid').length) aim(fc.uuid(), fc.constant('not-a-uuid'));
  if (named('isEmail').length) aim(fc.emailAddress(), fc.constant('no-at-sign'));
  if (named('isDate').length) good.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
  if (named('isPageSize').length) aim(fc.integer({ min: 1, max: 100 }), fc.constantFrom(0, 101, '20'));
  if (named('isInt').length || named('min').length || named('max').length)
    bad.push(fc.integer({ min: -1, max: 101 }));
  if (named('isString').length && good.length === 0) good.push(fc.string({ maxLength: 30 }));
  if (rules.some((r) => r.type === 'nestedValidation') && depth < 3) {
    const nested = Reflect.getMetadata('design:type', cls.prototype, property) as Target | undefined;
    if (nested && rulesOf(nested).length > 0) good.push(plainFor(nested, depth + 1));
  }
  if (good.length === 0) return fc.oneof(...bad);
  return fc.oneof({ arbitrary: fc.oneof(...good), weight: 12 }, { arbitrary: fc.oneof(...bad), weight: 1 });
}

/** `arbitrary` with weight `present`, else undefined with weight `absent`. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, present: number, absent = 1) =>
  fc.oneof({ arbitrary, weight: present }, { arbitrary: fc.constant(undefined), weight: absent });

/** A plain JSON-like body for `cls`: each property absent, aimed or junk, sometimes an unknown key. */
function plainFor(cls: Target, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const byProperty = storage.groupByPropertyName(rulesOf(cls));
  const fields = Object.entries(byProperty).map(([property, rules]) =>
    fc
      .option(candidates(cls, property, rules, depth), { nil: undefined, freq: 12 })
      .map((v) => [property, v] as const),
  );
  return fc
    .tuple(fc.tuple(...fields), sometimes(fc.tuple(fc.constantFrom('extra', 'status', 'id'), junk), 1, 8))
    .map(([pairs, extra]) => {
      const body: Record<string, unknown> = {};
      for (const [key, value] of pairs) if (value !== undefined) body[key] = value;
      if (extra) body[extra[0]] = extra[1];
      return body;
    });
}

const outcome = async (pipe: ValidationPipe, value: unknown, metadata: ArgumentMetadata) => {
  try {
    return { ok: true, value: await pipe.transform(value, metadata) };
  } catch (error) {
    return { ok: false, error: (error as { errors?: unknown }).errors ?? String(error) };
  }
};

describe('the global validation pipe and class-validator agree', () => {
  const fast = createValidationPipe();
  const plain = new ValidationPipe(validationPipeOptions());

  it('finds the DTOs the API validates', () => {
    expect(validated.map((c) => c.name)).toEqual(
      expect.arrayContaining(['CreateConsultationDto', 'CreateMessageDto', 'TransitionDto', 'PageQueryDto']),
    );
  });

  it.each(validated.map((cls) => [cls.name, cls] as const))(
    'gives %s the same instance or the same 400 as class-validator',
    async (_name, cls) => {
      const metadata: ArgumentMetadata = { type: 'body', metatype: cls };
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(plainFor(cls), async (body) => {
          const expected = await outcome(plain, structuredClone(body), metadata);
          const actual = await outcome(fast, structuredClone(body), metadata);
          expect(actual).toEqual(expected);
          if (expected.ok) {
            expect(Object.getPrototypeOf(actual.value)).toBe(cls.prototype);
            // And the fast path itself said so: class-validator was not needed for a valid value.
            expect(passesValidation(actual.value as object, validationPipeOptions())).toBe(true);
            accepted++;
          }
        }),
        { numRuns: 300 },
      );
      // Both outcomes occurred, so the comparison covered the fast path's "valid" answer too.
      expect(accepted).toBeGreaterThan(0);
    },
  );

  it('refuses what class-validator refuses on the intake body, with the same field paths', async () => {
    const metadata: ArgumentMetadata = { type: 'body', metatype: createDtos.CreateConsultationDto };
    const valid = {
      concernTypes: ['domestic_violence'],
      summary: 'A pupil tells a teacher about violence at home.',
      riskFactors: { immediateDanger: false, childrenInHousehold: true },
      requestedSupport: ['advice'],
      preferredContact: { channel: 'phone', phone: '+46701234567' },
    };
    const cases = [
      { ...valid, subject: { identified: false, nickname: 'x' } },
      { ...valid, riskFactors: { ...valid.riskFactors, extra: true } },
      { ...valid, subject: null },
      { ...valid, summary: `   ${'a'.repeat(9)}   ` },
      { ...valid, concernTypes: ['other', 'other'] },
      { ...valid, preferredContact: { channel: 'phone' } },
      { ...valid, preferredContact: { channel: 'phone', phone: '12' } },
      { ...valid, riskFactors: { immediateDanger: 'yes', childrenInHousehold: true } },
    ];
    for (const body of cases) {
      const expected = await outcome(plain, structuredClone(body), metadata);
      expect(expected.ok).toBe(false);
      expect(await outcome(fast, structuredClone(body), metadata)).toEqual(expected);
    }
    expect((await outcome(fast, structuredClone(valid), metadata)).ok).toBe(true);
  });
});
