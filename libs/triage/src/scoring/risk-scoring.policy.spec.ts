import fc from 'fast-check';
import { PRIORITY_RANK } from '@app/consultations';
import {
  assessRisk,
  mostUrgent,
  priorityForScore,
  PRIORITY_THRESHOLDS,
  RiskInput,
  RISK_WEIGHTS,
} from './risk-scoring.policy';

type Factors = RiskInput['riskFactors'];

const NO_FACTORS: Factors = {
  immediateDanger: false,
  childrenInHousehold: false,
  threatsToKill: false,
  strangulation: false,
  weaponAccess: false,
  escalatingViolence: false,
  traffickingIndicators: false,
};

function input(factors: Partial<Factors> = {}, concernTypes = ['other'], ageGroup?: string): RiskInput {
  return {
    concernTypes,
    riskFactors: { ...NO_FACTORS, ...factors },
    subject: ageGroup === undefined ? undefined : { ageGroup },
  };
}

describe('assessRisk', () => {
  it.each([
    ['nothing but "other"', input(), 0, 'low', []],
    [
      'domestic violence alone',
      input({}, ['domestic_violence']),
      10,
      'normal',
      ['concern:domestic_violence'],
    ],
    ['immediate danger', input({ immediateDanger: true }), 100, 'critical', ['immediate_danger']],
    ['strangulation', input({ strangulation: true }), 40, 'high', ['strangulation']],
    ['threats to kill', input({ threatsToKill: true }), 40, 'high', ['threats_to_kill']],
    ['weapon access', input({ weaponAccess: true }), 35, 'high', ['weapon_access']],
    ['children in household', input({ childrenInHousehold: true }), 20, 'normal', ['children_in_household']],
    ['escalating violence', input({ escalatingViolence: true }), 15, 'normal', ['escalating_violence']],
    [
      'trafficking indicators with a trafficking concern',
      input({ traffickingIndicators: true }, ['human_trafficking']),
      45,
      'high',
      ['trafficking_indicators', 'concern:human_trafficking'],
    ],
    [
      'strangulation and threats to kill together',
      input({ strangulation: true, threatsToKill: true }, ['domestic_violence']),
      90,
      'critical',
      ['strangulation', 'threats_to_kill', 'concern:domestic_violence'],
    ],
    [
      'children exposed to violence at home',
      input({ childrenInHousehold: true }, ['child_exposed_to_violence']),
      40,
      'high',
      ['children_in_household', 'concern:child_exposed_to_violence'],
    ],
    [
      'a child subject of honor-related violence',
      input({}, ['honor_related_violence'], 'child'),
      35,
      'normal',
      ['concern:honor_related_violence', 'subject:child'],
    ],
    ['a youth subject', input({}, ['other'], 'youth'), 10, 'normal', ['subject:youth']],
    [
      'an adult subject adds nothing',
      input({}, ['sexual_violence'], 'adult'),
      15,
      'normal',
      ['concern:sexual_violence'],
    ],
  ])('scores %s', (_name, riskInput, score, priority, reasons) => {
    expect(assessRisk(riskInput)).toEqual({ riskScore: score, priority, triageReasons: reasons });
  });

  it('clamps the score at 100 when every factor is present', () => {
    const all = input(
      {
        immediateDanger: true,
        strangulation: true,
        threatsToKill: true,
        weaponAccess: true,
        childrenInHousehold: true,
        escalatingViolence: true,
        traffickingIndicators: true,
      },
      Object.keys(RISK_WEIGHTS)
        .filter((k) => k.startsWith('concern:'))
        .map((k) => k.slice('concern:'.length)),
      'child',
    );
    const result = assessRisk(all);
    expect(result.riskScore).toBe(100);
    expect(result.priority).toBe('critical');
    // every weighted factor except concern:other (0 points) and subject:youth (one age group only)
    expect(result.triageReasons).toHaveLength(14);
  });

  it('always makes immediate danger critical', () => {
    fc.assert(
      fc.property(arbitraryInput(), (riskInput) => {
        const result = assessRisk({
          ...riskInput,
          riskFactors: { ...riskInput.riskFactors, immediateDanger: true },
        });
        expect(result.priority).toBe('critical');
      }),
    );
  });

  it('keeps a lethality indicator at high or above whatever else is present', () => {
    const lethality = fc.constantFrom('strangulation', 'threatsToKill', 'weaponAccess') as fc.Arbitrary<
      keyof Factors
    >;
    fc.assert(
      fc.property(arbitraryInput(), lethality, (riskInput, flag) => {
        const result = assessRisk({ ...riskInput, riskFactors: { ...riskInput.riskFactors, [flag]: true } });
        expect(['critical', 'high']).toContain(result.priority);
      }),
    );
  });

  it('counts a concern type once even when it is repeated', () => {
    expect(assessRisk(input({}, ['sexual_violence', 'sexual_violence'])).riskScore).toBe(15);
  });

  it('ignores concern types and age groups it does not know', () => {
    expect(assessRisk(input({}, ['astrology'], 'martian'))).toEqual({
      riskScore: 0,
      priority: 'low',
      triageReasons: [],
    });
  });

  it('does not mistake inherited object keys for factors', () => {
    expect(assessRisk(input({}, ['toString'], 'constructor')).triageReasons).toEqual([]);
  });

  it('never lowers the priority or score when a factor is added', () => {
    fc.assert(
      fc.property(arbitraryInput(), arbitraryInput(), (base, extra) => {
        const merged: RiskInput = {
          concernTypes: [...base.concernTypes, ...extra.concernTypes],
          riskFactors: orFactors(base.riskFactors, extra.riskFactors),
          // a child/youth subject is an added factor only when the base had no age group
          subject: base.subject ?? extra.subject,
        };
        const before = assessRisk(base);
        const after = assessRisk(merged);
        expect(after.riskScore).toBeGreaterThanOrEqual(before.riskScore);
        expect(PRIORITY_RANK[after.priority]).toBeLessThanOrEqual(PRIORITY_RANK[before.priority]);
      }),
      { numRuns: 500 },
    );
  });

  it('names exactly the factors that added points, and the score is their sum', () => {
    fc.assert(
      fc.property(arbitraryInput(), (riskInput) => {
        const result = assessRisk(riskInput);
        const expected = expectedReasons(riskInput);
        expect([...result.triageReasons].sort()).toEqual([...expected].sort());
        const sum = expected.reduce((s, r) => s + RISK_WEIGHTS[r as keyof typeof RISK_WEIGHTS], 0);
        expect(result.riskScore).toBe(Math.min(100, sum));
      }),
    );
  });
});

describe('priorityForScore', () => {
  it.each([
    [0, 'low'],
    [PRIORITY_THRESHOLDS.normal - 1, 'low'],
    [PRIORITY_THRESHOLDS.normal, 'normal'],
    [PRIORITY_THRESHOLDS.high - 1, 'normal'],
    [PRIORITY_THRESHOLDS.high, 'high'],
    [PRIORITY_THRESHOLDS.critical - 1, 'high'],
    [PRIORITY_THRESHOLDS.critical, 'critical'],
    [100, 'critical'],
  ])('maps score %i to %s', (score, priority) => {
    expect(priorityForScore(score)).toBe(priority);
  });
});

describe('mostUrgent', () => {
  it('picks the more urgent of two priorities in either order', () => {
    expect(mostUrgent('normal', 'high')).toBe('high');
    expect(mostUrgent('critical', 'low')).toBe('critical');
    expect(mostUrgent('low', 'low')).toBe('low');
  });
});

const FLAG_TO_REASON: Record<keyof Factors, string> = {
  immediateDanger: 'immediate_danger',
  childrenInHousehold: 'children_in_household',
  threatsToKill: 'threats_to_kill',
  strangulation: 'strangulation',
  weaponAccess: 'weapon_access',
  escalatingViolence: 'escalating_violence',
  traffickingIndicators: 'trafficking_indicators',
};

// An independent oracle: written from the rules, not from the implementation's loop.
function expectedReasons(riskInput: RiskInput): string[] {
  const reasons = new Set<string>();
  for (const [flag, reason] of Object.entries(FLAG_TO_REASON)) {
    if (riskInput.riskFactors[flag as keyof Factors]) reasons.add(reason);
  }
  for (const concern of riskInput.concernTypes) if (concern !== 'other') reasons.add(`concern:${concern}`);
  const age = riskInput.subject?.ageGroup;
  if (age === 'child' || age === 'youth') reasons.add(`subject:${age}`);
  return [...reasons];
}

function orFactors(a: Factors, b: Factors): Factors {
  const out = { ...a };
  for (const key of Object.keys(a) as (keyof Factors)[]) out[key] = a[key] || b[key];
  return out;
}

function arbitraryInput(): fc.Arbitrary<RiskInput> {
  const concerns = [
    'domestic_violence',
    'honor_related_violence',
    'sexual_violence',
    'prostitution',
    'human_trafficking',
    'child_exposed_to_violence',
    'other',
  ];
  return fc.record({
    concernTypes: fc.subarray(concerns, { minLength: 1 }),
    riskFactors: fc.record({
      immediateDanger: fc.boolean(),
      childrenInHousehold: fc.boolean(),
      threatsToKill: fc.boolean(),
      strangulation: fc.boolean(),
      weaponAccess: fc.boolean(),
      escalatingViolence: fc.boolean(),
      traffickingIndicators: fc.boolean(),
    }),
    subject: fc.option(
      fc.record({ ageGroup: fc.constantFrom('child', 'youth', 'adult', 'elderly', 'unknown') }),
      { nil: undefined },
    ),
  });
}
