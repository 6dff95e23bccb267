import { easterSunday, swedishHolidaysNamed, swedishPublicHolidays } from './swedish-holidays';

const iso = (d: Date) => d.toISOString().slice(0, 10);
const weekday = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`).getUTCDay();

describe('easterSunday', () => {
  it.each([
    [1818, '1818-03-22'], // earliest possible date
    [2008, '2008-03-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'], // latest possible date
  ])('puts Easter %i on %s', (year, expected) => {
    expect(iso(easterSunday(year))).toBe(expected);
  });

  it('always lands on a Sunday between 22 March and 25 April', () => {
    for (let year = 1600; year <= 2400; year++) {
      const date = iso(easterSunday(year));
      expect(weekday(date)).toBe(0);
      expect(date.slice(5) >= '03-22' && date.slice(5) <= '04-25').toBe(true);
    }
  });

  it.each([1582, 2026.5, Number.NaN, 10000])('refuses year %p', (year) => {
    expect(() => easterSunday(year)).toThrow(RangeError);
  });
});

describe('swedishPublicHolidays', () => {
  it('lists every non-working day of 2026 in date order', () => {
    expect(swedishPublicHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-01-06',
      '2026-04-03',
      '2026-04-04',
      '2026-04-05',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-24',
      '2026-06-06',
      '2026-06-19',
      '2026-06-20',
      '2026-10-31',
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
      '2026-12-31',
    ]);
  });

  it.each([
    [2024, 'Midsommarafton', '2024-06-21'],
    [2025, 'Midsommarafton', '2025-06-20'],
    [2026, 'Midsommarafton', '2026-06-19'],
    [2027, 'Midsommarafton', '2027-06-25'],
    [2027, 'Midsommardagen', '2027-06-26'],
    [2025, 'Alla helgons dag', '2025-11-01'],
    [2027, 'Alla helgons dag', '2027-11-06'],
    [2025, 'Långfredagen', '2025-04-18'],
    [2025, 'Kristi himmelfärdsdag', '2025-05-29'],
    [2025, 'Pingstdagen', '2025-06-08'],
    [2024, 'Kristi himmelfärdsdag', '2024-05-09'],
  ])('in %i puts %s on %s', (year, name, date) => {
    expect(swedishHolidaysNamed(year).find((h) => h.name === name)?.date).toBe(date);
  });

  it('marks only the eves as de-facto days off', () => {
    const deFacto = swedishHolidaysNamed(2026)
      .filter((h) => h.deFacto)
      .map((h) => h.name);
    expect(deFacto).toEqual(['Påskafton', 'Midsommarafton', 'Julafton', 'Nyårsafton']);
  });

  it('keeps the floating holidays on the right weekday and window for many years', () => {
    for (let year = 1900; year <= 2200; year++) {
      const byName = new Map(swedishHolidaysNamed(year).map((h) => [h.name, h.date]));
      const eve = byName.get('Midsommarafton')!;
      expect(weekday(eve)).toBe(5);
      expect(eve >= `${year}-06-19` && eve <= `${year}-06-25`).toBe(true);
      const day = byName.get('Midsommardagen')!;
      expect(weekday(day)).toBe(6);
      expect(day >= `${year}-06-20` && day <= `${year}-06-26`).toBe(true);
      const allSaints = byName.get('Alla helgons dag')!;
      expect(weekday(allSaints)).toBe(6);
      expect(allSaints >= `${year}-10-31` && allSaints <= `${year}-11-06`).toBe(true);
      expect(weekday(byName.get('Kristi himmelfärdsdag')!)).toBe(4);
    }
  });

  it('lists a date once when two holidays coincide', () => {
    // In 2008 Kristi himmelfärdsdag (Easter 23 March + 39) fell on första maj.
    const dates = swedishPublicHolidays(2008);
    expect(dates.filter((d) => d === '2008-05-01')).toHaveLength(1);
    expect(dates).toHaveLength(16);
  });
});
