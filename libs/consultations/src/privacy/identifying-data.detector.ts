/**
 * Finds data in free text that identifies a person: Swedish personal identity numbers
 * (personnummer), coordination numbers (samordningsnummer), email addresses and phone numbers.
 *
 * Consultations are de-identified by default (docs/product.md): the requester describes the
 * situation, not the person. This detector lets the API warn before such data is stored. Findings
 * carry only a kind and a position, never the matched text, so that a caller cannot log or echo
 * the identifying value by accident. Positions are JavaScript string indexes (UTF-16 code units):
 * `text.slice(start, end)` is the match.
 *
 * The detector leans towards flagging: a missed personal identity number is worse than a warning
 * the requester can dismiss. It still avoids the ordinary numbers a summary is full of: years,
 * ISO dates, times, ages and counts.
 */

import { normaliseForDetection, NormalisedText } from './identifying-text.normaliser';

export type IdentityNumberKind = 'personal_identity_number' | 'coordination_number';

export type IdentifyingDataKind = IdentityNumberKind | 'email' | 'phone';

export type IdentifyingFinding = { kind: IdentifyingDataKind; start: number; end: number };

export interface IdentifyingDataOptions {
  /**
   * "Today", used to infer the century of a 10-digit identity number. Defaults to the current
   * time; tests pass a fixed date.
   */
  now?: Date;
}

/** Hyphen-minus plus the dashes that phones and word processors substitute for it. */
const HYPHEN = '\\-\\u2010\\u2011\\u2012\\u2013\\u2212';
const SPACE = ' \\u00a0';

/**
 * Between the date and the serial: a dash or `+` with optional spaces around it, a space, a dot,
 * or nothing. (`+` marks a person aged 100 or more on a 10-digit number; the text is normalised,
 * so every kind of dash is `-` by now.)
 */
const MAIN_SEPARATOR = '( ?[-+] ?|[ .])?';
/** The serial NNNC, whole or split in two pairs ("98 74"). */
const SERIAL = '(\\d{2}) ?(\\d{2})';
/** Not inside a longer run of digits, nor a date, time or decimal that goes on ("-24", ".5"). */
const NUMBER_START = '(?<!\\d)(?<!\\d[-.:,/])';
const NUMBER_END = '(?!\\d)(?![-.:,/]\\d)';

/**
 * The date part whole (YYMMDD, or YYYYMMDD in the 18th to 20th centuries, the only possible
 * birth years), then the separator, then the serial: "811228-9874", "19811228 9874",
 * "811228 - 98 74", "811228.9874".
 */
const TWELVE_DIGIT = `${NUMBER_START}(1[89]|20)(\\d{2})(\\d{2})(\\d{2})${MAIN_SEPARATOR}${SERIAL}${NUMBER_END}`;
const TEN_DIGIT = `${NUMBER_START}(\\d{2})(\\d{2})(\\d{2})${MAIN_SEPARATOR}${SERIAL}${NUMBER_END}`;

/**
 * The date part split by spaces or dots, the same way each time ("81 12 28", "1981.12.28"), then
 * a dash that is not optional: without it, a row of years and small numbers ("1981 12 28 1999")
 * would read as a number one time in ten.
 */
const TWELVE_DIGIT_SPLIT = `${NUMBER_START}(1[89]|20)(\\d{2})([ .])(\\d{2})\\3(\\d{2})( ?[-+] ?)${SERIAL}${NUMBER_END}`;
const TEN_DIGIT_SPLIT = `${NUMBER_START}(\\d{2})([ .])(\\d{2})\\2(\\d{2})( ?[-+] ?)${SERIAL}${NUMBER_END}`;

/**
 * Local part and domain of an address. Letters include å, ä, ö (internationalised addresses);
 * the top-level domain is letters only so that "v1.2@3.4" style strings do not count.
 */
const EMAIL =
  '(?<![\\p{L}\\p{N}._%+\\-])[\\p{L}\\p{N}_%+\\-]+(?:\\.[\\p{L}\\p{N}_%+\\-]+)*' +
  '@(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}\\-]{0,61}[\\p{L}\\p{N}])?\\.)+\\p{L}{2,63}(?![\\p{L}\\p{N}_\\-])';

/**
 * The same address written to get past a filter: spaces around `@` ("anna @ example.se"), or the
 * words `at` and `dot` ("anna at example dot se"; `(at)`, `[at]` and `(dot)` are normalised to `@`
 * and `.` before matching). A word form counts only before a top-level domain from
 * EMAIL_WORD_TLDS, so English prose ("at home.Then", "at least") is left alone.
 */
const EMAIL_LOCAL = '(?<![\\p{L}\\p{N}._%+\\-])[\\p{L}\\p{N}_%+\\-]+(?:\\.[\\p{L}\\p{N}_%+\\-]+)*';
const EMAIL_LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}\\-]{0,61}[\\p{L}\\p{N}])?';
const EMAIL_DOT = '(?:\\.| ?\\. ?| (?:dot|DOT|Dot|punkt|PUNKT) )';
const EMAIL_VARIANT = `${EMAIL_LOCAL}(?: ?@ ?| (?:at|AT|At) )(?:${EMAIL_LABEL}${EMAIL_DOT})+(\\p{L}{2,63})(?![\\p{L}\\p{N}_\\-])`;
/** Top-level domains a word-form address must end in (common here and in general use). */
const EMAIL_WORD_TLDS = new Set(
  (
    'se nu com net org eu info biz io me co dk no fi is de at ch uk fr es it nl be pl ee lv lt ' +
    'ax gov edu int app dev online email mail org'
  ).split(' '),
);

/**
 * A phone number ends at a word boundary and not inside a date, time or decimal: "1931-05" is not
 * the end of a number when "-24" follows.
 */
const PHONE_END = `(?![\\p{L}\\p{N}_]|[${HYPHEN}:.,/]\\d)`;

/**
 * One separator between digit groups: a space, or a dash, dot or slash with optional spaces
 * around it ("070-123 45 67", "070.123.45.67", "070 / 12 34 567").
 */
const PHONE_SEPARATOR = `(?:[${SPACE}]?[${HYPHEN}./][${SPACE}]?|[${SPACE}])`;

/**
 * Swedish national format: trunk 0, then 7 to 9 more digits (8 to 10 in all), in any grouping:
 * `070-123 45 67`, `0701234567`, `08-123 456 78`, `031-12 34 56`, `0771-123 456`.
 * `(08) 123 45 67` is covered by the parenthesised variant. It never starts right after a digit
 * and a dash, colon, dot or comma, so the tail of a date or time and what follows it
 * ("1970-01-01 1900", "00:01 1970") is not taken for a number.
 */
const NATIONAL_PHONE =
  `(?<![\\p{L}\\p{N}_+(])(?<!\\d[${HYPHEN}:.,])(?:0[1-9](?:${PHONE_SEPARATOR}?\\d){6,8}` +
  `|\\(0[1-9]\\d{0,2}\\)[${SPACE}]?\\d(?:${PHONE_SEPARATOR}?\\d){4,7})${PHONE_END}`;

/**
 * International format: `+` or `00`, then a country code and subscriber number of 8 to 15 digits
 * in all (E.164 allows 15). A trunk `(0)` after the country code, as in `+46 (0)70 ...`, is allowed
 * and not counted. Parentheses around an area code are allowed.
 */
const INTERNATIONAL_PHONE =
  `(?<![\\p{L}\\p{N}_+])(?:\\+|00(?=[1-9]))[1-9]` +
  `(?:(?:${PHONE_SEPARATOR}|[${SPACE}]?\\(0\\)[${SPACE}]?)?\\(?\\d\\)?){7,14}${PHONE_END}`;

/** dd-mm-yyyy (or yy), with dashes, dots or slashes, is a date, not a phone number starting with 0. */
const DASHED_DATE = new RegExp(`^\\d{2} ?([${HYPHEN}./]) ?\\d{2} ?\\1 ?(?:\\d{2}|\\d{4})$`);
/** A year and month ("1970-01") inside a candidate: the numbers around a date, not a phone number. */
const YEAR_MONTH = new RegExp(`(?:^|\\D)(?:1[89]|20)\\d{2}[${HYPHEN}](?:0[1-9]|1[0-2])(?:\\D|$)`);
/** "0800-1700", "0900 - 1630", "08.00-17.00": opening hours, not a phone number. */
const CLOCK_RANGE = new RegExp(
  `^([01]\\d|2[0-3])[.:]?[0-5]\\d[${SPACE}]*[${HYPHEN}][${SPACE}]*([01]\\d|2[0-3])[.:]?[0-5]\\d$`,
);

/**
 * Every finding in `text`, ordered by position. Identity numbers and email addresses are always
 * reported (an identity number used as the local part of an address is both); a phone number
 * overlapping either is dropped, so a valid personal identity number that also looks like a
 * mobile number (`0701234569` is 2007-01-23) is reported once, as an identity number.
 */
export function findIdentifyingData(
  text: string,
  options: IdentifyingDataOptions = {},
): IdentifyingFinding[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const now = options.now ?? new Date();
  const normalised = normaliseForDetection(text);
  const read = normalised.text;

  const strong: IdentifyingFinding[] = [...findIdentityNumbers(read, now), ...findEmails(read)];
  const phones: IdentifyingFinding[] = [];
  // International candidates come last, so "+46 08-123 456 78" keeps the longer international span.
  for (const phone of findPhones(read).reverse()) {
    if (![...strong, ...phones].some((other) => overlaps(phone, other))) phones.push(phone);
  }

  return [...strong, ...phones]
    .map((finding) => inOriginal(finding, normalised))
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

/** A finding in the normalised text, placed in the original. */
function inOriginal(finding: IdentifyingFinding, normalised: NormalisedText): IdentifyingFinding {
  return {
    kind: finding.kind,
    start: normalised.start[finding.start],
    end: normalised.end[finding.end - 1],
  };
}

/** Requester-facing explanation of what to remove and why. */
export function describeFinding(kind: IdentifyingDataKind): string {
  switch (kind) {
    case 'personal_identity_number':
      return (
        'Remove the personal identity number (personnummer): requests are de-identified by default; ' +
        'describe the situation, not the person. If the investigators need to know who it is, they will ask ' +
        'you in a secure way.'
      );
    case 'coordination_number':
      return (
        'Remove the coordination number (samordningsnummer): it identifies a person just like a personal ' +
        'identity number, and requests are de-identified by default; describe the situation, not the person.'
      );
    case 'email':
      return (
        'Remove the email address: it can identify the person the request is about, and requests are ' +
        'de-identified by default. If you want to be contacted, use the preferred contact field instead.'
      );
    case 'phone':
      return (
        'Remove the phone number: it can identify the person the request is about, and requests are ' +
        'de-identified by default. If you want the investigators to call you, put your own number in the ' +
        'preferred contact field instead.'
      );
  }
}

function findIdentityNumbers(text: string, now: Date): IdentifyingFinding[] {
  const findings: IdentifyingFinding[] = [];
  const twelve = (century: string, yy: string, mm: string, dd: string, serial: string) =>
    classify(Number(century + yy), Number(mm), Number(dd), yy + mm + dd + serial);
  const ten = (yy: string, mm: string, dd: string, separator: string | undefined, serial: string) => {
    const day = birthDay(Number(dd));
    if (day === null) return null;
    const year = inferYear(Number(yy), Number(mm), day, (separator ?? '').trim() === '+', now);
    return classify(year, Number(mm), Number(dd), yy + mm + dd + serial);
  };
  const accept = (kind: IdentityNumberKind | null, m: RegExpExecArray) =>
    kind !== null && !overlapsAny(findings, m) ? push(findings, kind, m) : false;

  forEachMatch(text, TWELVE_DIGIT, '', (m) => {
    const [, century, yy, mm, dd, , s1, s2] = m;
    return accept(twelve(century, yy, mm, dd, s1 + s2), m);
  });
  forEachMatch(text, TWELVE_DIGIT_SPLIT, '', (m) => {
    const [, century, yy, , mm, dd, , s1, s2] = m;
    return accept(twelve(century, yy, mm, dd, s1 + s2), m);
  });
  forEachMatch(text, TEN_DIGIT, '', (m) => {
    const [, yy, mm, dd, separator, s1, s2] = m;
    return accept(ten(yy, mm, dd, separator, s1 + s2), m);
  });
  forEachMatch(text, TEN_DIGIT_SPLIT, '', (m) => {
    const [, yy, , mm, dd, separator, s1, s2] = m;
    return accept(ten(yy, mm, dd, separator, s1 + s2), m);
  });

  return findings;
}

/** Whether `m` overlaps a finding already made (a 12-digit number also holds a 10-digit one). */
function overlapsAny(findings: IdentifyingFinding[], m: RegExpExecArray): boolean {
  const candidate = { start: m.index, end: m.index + m[0].length };
  return findings.some((finding) => overlaps(candidate, finding));
}

function findEmails(text: string): IdentifyingFinding[] {
  const findings: IdentifyingFinding[] = [];
  forEachMatch(text, EMAIL, 'u', (m) => push(findings, 'email', m));
  forEachMatch(text, EMAIL_VARIANT, 'u', (m) => {
    if (overlapsAny(findings, m)) return false;
    const worded = !m[0].includes('@');
    if (worded || / (?:dot|punkt) /i.test(m[0])) {
      if (!EMAIL_WORD_TLDS.has(m[1].toLowerCase())) return false;
    }
    return push(findings, 'email', m);
  });
  return findings;
}

function findPhones(text: string): IdentifyingFinding[] {
  const findings: IdentifyingFinding[] = [];

  forEachMatch(text, NATIONAL_PHONE, 'u', (m) => {
    const raw = m[0];
    const digits = raw.replace(/\D/g, '');
    if (digits.length < 8 || digits.length > 10) return false;
    if (DASHED_DATE.test(raw) || CLOCK_RANGE.test(raw) || YEAR_MONTH.test(raw)) return false;
    // Stockholm's area code is 08 and subscriber numbers never start with 0: "0800-1600" is a time.
    if (digits.startsWith('080')) return false;
    return push(findings, 'phone', m);
  });

  forEachMatch(text, INTERNATIONAL_PHONE, 'u', (m) => {
    if (YEAR_MONTH.test(m[0])) return false;
    const digits = m[0].replace(/^00/, '').replace(/\(0\)/g, '').replace(/\D/g, '');
    if (digits.length < 8 || digits.length > 15) return false;
    return push(findings, 'phone', m);
  });

  return findings;
}

/**
 * Calls `onMatch` for each match of `source`. When a candidate is rejected the search resumes
 * one character after its start rather than after its end, so that a rejected candidate cannot
 * hide a valid one that overlaps it.
 */
function forEachMatch(
  text: string,
  source: string,
  flags: string,
  onMatch: (m: RegExpExecArray) => boolean,
): void {
  const re = new RegExp(source, `g${flags}`);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const accepted = onMatch(m);
    if (!accepted || m[0].length === 0) re.lastIndex = m.index + (isHighSurrogate(text, m.index) ? 2 : 1);
  }
}

function isHighSurrogate(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0xd800 && code <= 0xdbff;
}

function push(findings: IdentifyingFinding[], kind: IdentifyingDataKind, m: RegExpExecArray): true {
  findings.push({ kind, start: m.index, end: m.index + m[0].length });
  return true;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The calendar day encoded in the day field: 1..31 as is, 61..91 for coordination numbers. */
function birthDay(dayField: number): number | null {
  if (dayField >= 1 && dayField <= 31) return dayField;
  if (dayField >= 61 && dayField <= 91) return dayField - 60;
  return null;
}

/**
 * Kind of a number with this date and 10-digit form, or null when the date does not exist or the
 * check digit is wrong. Year is the full year.
 */
function classify(
  year: number,
  month: number,
  dayField: number,
  tenDigits: string,
): IdentityNumberKind | null {
  const day = birthDay(dayField);
  if (day === null || month < 1 || month > 12) return null;
  if (day > daysInMonth(year, month)) return null;
  if (!hasValidCheckDigit(tenDigits)) return null;
  return dayField > 60 ? 'coordination_number' : 'personal_identity_number';
}

/**
 * Century of a 10-digit number: the person's most recent birthday with these digits that is not
 * in the future, as Skatteverket writes them (`-` under 100 years, `+` from the year they turn 100).
 * Only leap-day validity depends on it (2000-02-29 exists, 1900-02-29 does not).
 */
function inferYear(yy: number, month: number, day: number, centenarian: boolean, now: Date): number {
  const thisYear = now.getUTCFullYear();
  let year = thisYear - (((((thisYear % 100) - yy) % 100) + 100) % 100);
  const today = thisYear * 10000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
  if (year * 10000 + month * 100 + day > today) year -= 100;
  if (centenarian) year -= 100;
  return year;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Luhn (mod 10) over the 10-digit form, weights 2,1,2,1,... from the left. */
function hasValidCheckDigit(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < tenDigits.length; i++) {
    let d = tenDigits.charCodeAt(i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
