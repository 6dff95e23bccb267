import fc from 'fast-check';
import {
  describeFinding,
  findIdentifyingData,
  IdentifyingDataKind,
  IdentifyingFinding,
} from './identifying-data.detector';

/** Fixed "today" so that century inference of 10-digit numbers does not depend on the clock. */
const NOW = new Date('2026-03-01T12:00:00Z');

/**
 * Independent Luhn implementation for the tests (not the detector's): the check digit that
 * completes a 9-digit YYMMDDNNN, weights 2,1,2,1,... from the left.
 */
function luhnCheckDigit(nineDigits: string): number {
  expect(nineDigits).toMatch(/^\d{9}$/);
  const sum = [...nineDigits]
    .map(Number)
    .map((d, i) => (i % 2 === 0 ? d * 2 : d))
    .map((d) => Math.floor(d / 10) + (d % 10))
    .reduce((a, b) => a + b, 0);
  return (10 - (sum % 10)) % 10;
}

/** YYMMDDNNN → YYMMDDNNNC with a correct check digit. */
function withCheckDigit(nineDigits: string): string {
  return nineDigits + luhnCheckDigit(nineDigits);
}

/** The same 10-digit form with a check digit that is certainly wrong. */
function withWrongCheckDigit(nineDigits: string): string {
  return nineDigits + ((luhnCheckDigit(nineDigits) + 1) % 10);
}

function find(text: string): IdentifyingFinding[] {
  return findIdentifyingData(text, { now: NOW });
}

/** Findings with the text they cover, for readable assertions in the tests only. */
function matches(text: string): Array<[IdentifyingDataKind, string]> {
  return find(text).map((f) => [f.kind, text.slice(f.start, f.end)]);
}

function kindsOf(text: string): IdentifyingDataKind[] {
  return find(text).map((f) => f.kind);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

describe('the test Luhn helper', () => {
  it.each([
    ['811228987', 4],
    ['701063239', 1],
    ['070123456', 9],
  ])('gives the known check digit of %s', (nine, check) => {
    expect(luhnCheckDigit(nine)).toBe(check);
  });
});

describe('findIdentifyingData: personal identity numbers', () => {
  it.each(['811228-9874', '19811228-9874', '8112289874', '198112289874', '811228 9874', '811228\u20139874'])(
    'flags the valid number %s',
    (value) => {
      expect(matches(value)).toEqual([['personal_identity_number', value]]);
    },
  );

  it('reports the position inside a sentence, without the number itself', () => {
    const text = 'Mamman (811228-9874) har berättat om hot.';
    const findings = find(text);
    expect(findings).toEqual([{ kind: 'personal_identity_number', start: 8, end: 19 }]);
    expect(Object.keys(findings[0]).sort()).toEqual(['end', 'kind', 'start']);
    expect(JSON.stringify(findings)).not.toContain('9874');
  });

  it('finds several numbers in one text', () => {
    const text = 'Mother 19811228-9874, father 701063-2391, child 8112289874.';
    expect(matches(text)).toEqual([
      ['personal_identity_number', '19811228-9874'],
      ['coordination_number', '701063-2391'],
      ['personal_identity_number', '8112289874'],
    ]);
  });

  it('accepts the centenarian separator + on a 10-digit number', () => {
    expect(kindsOf('811228+9874')).toEqual(['personal_identity_number']);
  });

  it.each([
    ['wrong check digit', withWrongCheckDigit('811228987')],
    ['wrong check digit, 12 digits', '19' + withWrongCheckDigit('811228987')],
    ['month 13', withCheckDigit('811328987')],
    ['month 00', withCheckDigit('810028987')],
    ['day 00', withCheckDigit('811200987')],
    ['day 32', withCheckDigit('810132987')],
    ['April 31', withCheckDigit('810431987')],
    ['February 30', withCheckDigit('810230987')],
    ['February 29 in a common year', withCheckDigit('810229987')],
    ['coordination day 92 (day 32)', withCheckDigit('810192987')],
    ['coordination day 60 (day 0)', withCheckDigit('810160987')],
    ['February 30 as coordination day 90', withCheckDigit('810290987')],
    ['an organisation number (month 20 or more)', withCheckDigit('556677889')],
  ])('does not flag a number with %s', (_why, tenDigits) => {
    const hyphenated = `${tenDigits.slice(0, 6)}-${tenDigits.slice(6)}`;
    expect(find(tenDigits)).toEqual([]);
    expect(find(hyphenated)).toEqual([]);
  });

  it('has generated invalid cases that are invalid only for the stated reason', () => {
    // The same date with the right digit is valid, so the rejections above come from the digit.
    expect(kindsOf(withCheckDigit('811228987'))).toEqual(['personal_identity_number']);
    expect(withWrongCheckDigit('811228987')).not.toBe('8112289874');
  });

  it('knows leap years, with the century inferred for 10-digit numbers', () => {
    const leap2000 = withCheckDigit('000229123');
    const leap2024 = withCheckDigit('240229123');
    const common2023 = withCheckDigit('230229123');
    expect(kindsOf(leap2000)).toEqual(['personal_identity_number']); // 2000-02-29
    expect(kindsOf(leap2024)).toEqual(['personal_identity_number']);
    expect(kindsOf(common2023)).toEqual([]);
    // "+" means 100 or older: 1900-02-29 does not exist.
    expect(kindsOf(`${leap2000.slice(0, 6)}+${leap2000.slice(6)}`)).toEqual([]);
    expect(kindsOf('20' + leap2000)).toEqual(['personal_identity_number']);
    expect(kindsOf('19' + leap2000)).toEqual([]);
  });

  it('infers the previous century for a birthday later than today', () => {
    // 000229 on 1999-06-01 can only mean 1900-02-29 (people are not born in the future): invalid.
    const leap2000 = withCheckDigit('000229123');
    expect(findIdentifyingData(leap2000, { now: new Date('1999-06-01T00:00:00Z') })).toEqual([]);
    expect(findIdentifyingData(leap2000, { now: new Date('2000-03-01T00:00:00Z') })).toHaveLength(1);
  });

  it('does not flag 12-digit strings outside the 1800s to 2000s', () => {
    expect(find('21' + withCheckDigit('811228987'))).toEqual([]);
  });

  it('does not flag a valid number embedded in a longer digit run', () => {
    expect(find('1811228-9874')).toEqual([]);
    expect(find('8112289874123')).toEqual([]);
  });

  it('finds a valid number that overlaps a rejected candidate', () => {
    // "123456 8112" is not followed by a boundary, but the real number after it must still count.
    expect(matches('123456 8112289874')).toEqual([['personal_identity_number', '8112289874']]);
  });

  it('flags generated valid numbers in every written form', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1930-01-01T00:00:00Z'),
          max: new Date('2026-02-28T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 999 }),
        (birth, serial) => {
          const yyyy = birth.getUTCFullYear();
          const nine = `${pad(yyyy % 100)}${pad(birth.getUTCMonth() + 1)}${pad(birth.getUTCDate())}${pad(serial, 3)}`;
          const ten = withCheckDigit(nine);
          const century = String(Math.floor(yyyy / 100));
          for (const form of [
            ten,
            `${ten.slice(0, 6)}-${ten.slice(6)}`,
            century + ten,
            `${century}${ten.slice(0, 6)}-${ten.slice(6)}`,
          ]) {
            expect(kindsOf(`before ${form} after`)).toEqual(['personal_identity_number']);
          }
          expect(kindsOf(withWrongCheckDigit(nine))).not.toContain('personal_identity_number');
        },
      ),
    );
  });
});

describe('findIdentifyingData: coordination numbers', () => {
  it.each(['701063-2391', '7010632391', '19701063-2391', '197010632391'])('flags %s (day + 60)', (value) => {
    expect(matches(value)).toEqual([['coordination_number', value]]);
  });

  it('flags generated coordination numbers and rejects their wrong check digits', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1940-01-01T00:00:00Z'),
          max: new Date('2026-02-28T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 999 }),
        (birth, serial) => {
          const nine = `${pad(birth.getUTCFullYear() % 100)}${pad(birth.getUTCMonth() + 1)}${pad(birth.getUTCDate() + 60)}${pad(serial, 3)}`;
          expect(kindsOf(withCheckDigit(nine))).toEqual(['coordination_number']);
          // A wrong check digit is not an identity number; one starting with 0 may still be a phone number.
          expect(kindsOf(withWrongCheckDigit(nine))).not.toContain('coordination_number');
          expect(kindsOf(withWrongCheckDigit(nine))).not.toContain('personal_identity_number');
        },
      ),
    );
  });
});

describe('findIdentifyingData: email addresses', () => {
  it.each([
    ['Skriv till anna.svensson@example.se.', 'anna.svensson@example.se'],
    ['ANNA+tag@sub.example.co.uk', 'ANNA+tag@sub.example.co.uk'],
    ['(åsa.öberg@exempel.se)', 'åsa.öberg@exempel.se'],
    ['mail: first_last-1@my-domain.org, tack', 'first_last-1@my-domain.org'],
  ])('flags the address in %j', (text, address) => {
    expect(matches(text)).toEqual([['email', address]]);
  });

  it.each(['anna@', '@home', 'a@b', 'user@localhost', 'meet @ 17:00', 'v1.2@3.4'])(
    'does not flag %j',
    (text) => {
      expect(find(text)).toEqual([]);
    },
  );

  it('reports both an email address and an identity number used as its local part', () => {
    expect(matches('8112289874@example.se')).toEqual([
      ['personal_identity_number', '8112289874'],
      ['email', '8112289874@example.se'],
    ]);
  });

  it('does not also report digits of an address as a phone number', () => {
    expect(matches('0701234567@sms.example.se')).toEqual([['email', '0701234567@sms.example.se']]);
  });
});

describe('findIdentifyingData: phone numbers', () => {
  it.each([
    '070-123 45 67',
    '0701234567',
    '070 123 45 67',
    '070\u2013123 45 67',
    '070 - 123 45 67',
    '+46 70 123 45 67',
    '+46701234567',
    '+46 (0)70 123 45 67',
    '+46-70-123 45 67',
    '0046 70 123 45 67',
    '08-123 456 78',
    '08 123 45 67',
    '(08) 123 45 67',
    '031-12 34 56',
    '0771-123 456',
    '0980-123 45',
    '+1 555 123 4567',
    '+358 40 123 4567',
    '+44 20 7946 0958',
  ])('flags %s', (value) => {
    expect(matches(`Ring ${value} efter lunch`)).toEqual([['phone', value]]);
  });

  it('flags a phone number that fails as an identity number', () => {
    // 070123-4567 would be 2007-01-23, but its check digit is wrong (9 is right).
    expect(kindsOf('0701234567')).toEqual(['phone']);
  });

  it('reports a valid identity number as such, not also as a phone number', () => {
    // 0701234569 is both a mobile-number shape and a valid number for 2007-01-23.
    expect(matches('0701234569')).toEqual([['personal_identity_number', '0701234569']]);
    // With a country code it can only be a phone number.
    expect(matches('+46701234569')).toEqual([['phone', '+46701234569']]);
  });

  it('reports a number once when both the national and the international pattern see it', () => {
    expect(matches('tel +46 08-123 456 78')).toEqual([['phone', '+46 08-123 456 78']]);
  });

  it('does not join a phone number and a following count', () => {
    expect(matches('ring 070-123 45 67 2 gånger')).toEqual([['phone', '070-123 45 67']]);
  });

  it.each([
    ['too short international', '+46 70 12'],
    ['too long international (16 digits)', '+1234567890123456'],
    ['too long national (11 digits)', '07012345678'],
    ['too short national', '070-123 4'],
    ['a plus sign in arithmetic', '4 + 3 = 7'],
  ])('does not flag %s', (_why, text) => {
    expect(find(text)).toEqual([]);
  });
});

describe('findIdentifyingData: ordinary text is not identifying', () => {
  it.each([
    'Incident on 2026-03-01, reported 2026-03-02.',
    'Between 2024-12-31 and 2025-01-15 it escalated.',
    'She has 3 children aged 4, 7 and 12.',
    'He comes home at 17:00 and leaves at 07:30.',
    'It started in 2024.',
    'The office is open 0800-1700, on Fridays 0900 - 1500.',
    'Next meeting 01-02-2026.',
    'Born 1970-01-01 1900 and moved 2001-05-05 0830.',
    'At 00:01 1970 people, at 10.05 12 34 more, 3,05 12 34 56.',
    'Case 44 74 2027-07-18 and + 1937-12-28 21:45.',
    'Reference KONS-2026-000123 was closed.',
    'He earns 25 000 kr a month; rent is 8 500 kr.',
    'The postcode is 123 45.',
    'Organisation number 556677-8899.',
    'Version 0.9.1 of the form, IP 192.168.0.1.',
    'Call 112 in immediate danger.',
    'She has been exposed for 10 years, 2 months and 3 weeks.',
    '',
  ])('%j', (text) => {
    expect(find(text)).toEqual([]);
  });

  it('still flags the national support line as a phone number: it cannot tell whose number it is', () => {
    expect(kindsOf('020-390 000')).toEqual(['phone']);
  });

  it('does not flag random years, dates and times', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 1900, max: 2100 }).map(String),
            fc
              .date({
                min: new Date('1900-01-01T00:00:00Z'),
                max: new Date('2100-12-31T00:00:00Z'),
                noInvalidDate: true,
              })
              .map((d) => d.toISOString().slice(0, 10)),
            fc
              .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
              .map(([h, m]) => `${pad(h)}:${pad(m)}`),
            fc.integer({ min: 0, max: 99 }).map(String),
            fc.constantFrom('och', 'kl.', 'barn', 'år', ',', 'and'),
          ),
          { maxLength: 12 },
        ),
        (words) => {
          expect(find(words.join(' '))).toEqual([]);
        },
      ),
    );
  });
});

describe('findIdentifyingData: robustness', () => {
  it('returns findings ordered by position', () => {
    const text = 'anna@example.se, 070-123 45 67, 811228-9874';
    expect(kindsOf(text)).toEqual(['email', 'phone', 'personal_identity_number']);
  });

  it.each([
    ['digits', '0'.repeat(5000)],
    ['digits and spaces', '07 '.repeat(1700)],
    ['a long local part', 'a'.repeat(5000) + '@'],
    ['dotted labels', 'a.'.repeat(2500) + '@x'],
    ['plus signs', '+4'.repeat(2500)],
  ])('handles 5000 characters of %s quickly', (_what, text) => {
    const started = Date.now();
    findIdentifyingData(text, { now: NOW });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('handles text with astral characters around findings', () => {
    const text = '😀 811228-9874 😀 𝒜nna@example.se';
    const found = find(text);
    expect(found.map((f) => [f.kind, text.slice(f.start, f.end)])).toEqual([
      ['personal_identity_number', '811228-9874'],
      ['email', '𝒜nna@example.se'],
    ]);
  });

  it('uses the current date when none is given', () => {
    expect(findIdentifyingData('811228-9874').map((f) => f.kind)).toEqual(['personal_identity_number']);
  });
});

describe('describeFinding', () => {
  it.each(['personal_identity_number', 'coordination_number', 'email', 'phone'] as const)(
    'explains what to remove for %s and why',
    (kind) => {
      const text = describeFinding(kind);
      expect(text).toMatch(/^Remove the /);
      expect(text).toContain('de-identified');
    },
  );

  it('names the Swedish terms for identity numbers', () => {
    expect(describeFinding('personal_identity_number')).toContain('personnummer');
    expect(describeFinding('coordination_number')).toContain('samordningsnummer');
    expect(describeFinding('personal_identity_number')).toContain('describe the situation, not the person');
  });
});
