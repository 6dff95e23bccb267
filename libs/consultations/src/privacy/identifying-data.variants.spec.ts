import { findIdentifyingData } from './identifying-data.detector';
import { normaliseForDetection } from './identifying-text.normaliser';

/**
 * Issue 11 (low): the variants that got past the detector. Each is normalised before matching
 * (dashes, spaces, zero-width characters, full-width forms, (at)/[at]/(dot)) and the finding is
 * reported at its place in the original text. Luhn and date checks still decide: the same shapes
 * with a wrong check digit or an impossible date are not flagged.
 */
const NOW = new Date('2026-03-01T12:00:00Z');
const matches = (text: string) =>
  findIdentifyingData(text, { now: NOW }).map((f) => [f.kind, text.slice(f.start, f.end)]);

describe('identifying data written to get past the filter', () => {
  it.each([
    ['spaces around the dash', '811228 - 9874'],
    ['a space before the dash', '811228 -9874'],
    ['an en dash', '811228\u20139874'],
    ['an em dash', '811228\u20149874'],
    ['an em dash with spaces', '19811228 \u2014 9874'],
    ['a minus sign', '811228\u22129874'],
    ['a full-width hyphen', '811228\uff0d9874'],
    ['a no-break space', '811228\u00a09874'],
    ['two spaces', '811228  9874'],
    ['a thin space around the dash', '811228\u2009-\u20099874'],
    ['a zero-width space', '811228\u200b-9874'],
    ['a soft hyphen inside', '8112\u00ad28-9874'],
    ['the serial split by a space', '811228-98 74'],
    ['the serial split, no dash', '811228 98 74'],
    ['the date split by spaces', '81 12 28-9874'],
    ['the date split by spaces, spaces around the dash', '81 12 28 - 98 74'],
    ['the date split by dots', '81.12.28-9874'],
    ['a dot before the serial', '811228.9874'],
    ['12 digits, the date split by spaces', '1981 12 28-9874'],
    ['12 digits, the date split by dots', '1981.12.28 - 9874'],
    ['full-width digits', '\uff18\uff11\uff11\uff12\uff12\uff18-\uff19\uff18\uff17\uff14'],
  ])('flags a personal identity number with %s', (_, written) => {
    expect(matches(`Mamman har ${written} enligt skolan.`)).toEqual([['personal_identity_number', written]]);
  });

  it.each([
    ['spaces around the dash', '701063 - 2391'],
    ['an em dash', '701063\u20142391'],
    ['the date split by spaces', '70 10 63-23 91'],
  ])('flags a coordination number with %s', (_, written) => {
    expect(matches(`Nummer ${written}.`)).toEqual([['coordination_number', written]]);
  });

  it.each([
    ['a wrong check digit', '811228 - 9875'],
    ['a wrong check digit, em dash', '811228\u20149875'],
    ['a wrong check digit, split date', '81 12 28-9875'],
    ['an impossible date', '811328 - 9874'],
    ['an impossible date, split', '81.02.30-9874'],
  ])('does not flag the same shapes with %s', (_, written) => {
    expect(matches(`Nummer ${written}.`)).toEqual([]);
  });

  it.each([
    ['(at)', 'anna.svensson(at)example.se'],
    ['spaced (at)', 'anna.svensson (at) example.se'],
    ['[at]', 'anna.svensson[at]example.se'],
    ['[AT] and [dot]', 'anna.svensson [AT] example [dot] se'],
    ['{at} and (dot)', 'anna{at}example(dot)com'],
    ['the word at', 'anna.svensson at example.se'],
    ['the words at and dot', 'anna at example dot com'],
    ['spaces around @', 'anna @ example.se'],
    ['a full-width @', 'anna\uff20example.se'],
    ['(at) and the word punkt', 'anna (at) exempel punkt se'],
  ])('flags an email address written with %s', (_, written) => {
    expect(matches(`Skriv till ${written} i kväll`)).toEqual([['email', written]]);
  });

  it.each([
    ['dots', '070.123.45.67'],
    ['slashes', '070/123 45 67'],
    ['spaced slash', '070 / 12 34 567'],
    ['pairs', '07 01 23 45 67'],
    ['odd groups', '07 012 345 67'],
    ['uneven groups', '0701 23 4567'],
    ['double spaces', '070  123  45  67'],
    ['an em dash', '070\u2014123 45 67'],
    ['spaced em dash', '070 \u2014 1234567'],
    ['international with dots', '+46.70.123.45.67'],
    ['international with slashes', '+46 70/123 45 67'],
    ['full-width digits', '\uff10\uff17\uff10-\uff11\uff12\uff13 \uff14\uff15 \uff16\uff17'],
  ])('flags a phone number grouped with %s', (_, written) => {
    expect(matches(`Ring ${written} efter lunch`)).toEqual([['phone', written]]);
  });
});

describe('ordinary text around the new variants stays unflagged', () => {
  it.each([
    'We met at home at 17:00 and she stayed at least an hour.',
    'He was at school.Then he went home.',
    'She looks at it as a way out; at times she is afraid.',
    'They arrived at 5 pm, at the latest at 6.',
    'Her email is at the top of the form (at least it was).',
    'Meet @ 17:00 at the office.',
    'The meeting is on 01.02.2026, the next one on 15/03/2026.',
    'Opening hours 08.00-17.00, Fridays 08.00 - 15.00.',
    'It happened 2024-03-15 10.30 and again 2024-03-16.',
    'In 1981 12 28 children were placed; 1999 was worse.',
    'Amounts: 25 000 kr, 8 500 kr and 1 200,50 kr; 3.5 % interest.',
    'Version 1.2.3, items 12 34 56 78 on the list.',
    'Years 2019, 2020, 2021 and 2022 \u2014 four years of violence.',
    'From 2023\u20132025 she lived there \u2014 about 24 months.',
    'Reference KONS-2026-000123 was closed.',
  ])('%j', (text) => {
    expect(findIdentifyingData(text, { now: NOW })).toEqual([]);
  });
});

describe('identity numbers written with variant separators', () => {
  it.each([
    ['811228 - 9874', ['personal_identity_number']],
    ['811228\u20149874', ['personal_identity_number']],
    [' 81 12 28-98 74 ', ['personal_identity_number']],
    ['811228 - 9875', []],
  ])('finds in %j: %j', (value, kinds) => {
    expect(findIdentifyingData(value, { now: NOW }).map((f) => f.kind)).toEqual(kinds);
  });
});

describe('normaliseForDetection', () => {
  it('maps every normalised character back to its original span', () => {
    const original = 'a\u2014b \u00a0 c(at)d\u200be\uff10';
    const { text, start, end } = normaliseForDetection(original);
    expect(text).toBe('a-b c@de0');
    expect([...text].map((_, i) => original.slice(start[i], end[i]))).toEqual([
      'a',
      '\u2014',
      'b',
      ' \u00a0 ',
      'c',
      '(at)',
      'd',
      'e',
      '\uff10',
    ]);
  });
});
