/**
 * The one normal form of an email address, used everywhere an address is compared: the unique
 * index (SQL function `email_key`, migration 1764300000930), login lookup, account creation and
 * the login throttle's keys. So `Anna@X`, `ＡＮＮＡ@Ｘ` (full width) and `ANNİ@X` (Turkish dotted
 * capital I) name one account and share one failure counter.
 *
 * 1. trim, 2. NFKC (compatibility forms fold: full-width letters, ligatures), 3. Unicode's default,
 * locale-free lower case (what ICU's root locale and JavaScript's toLowerCase do), 4. `i` followed
 * by a combining dot above becomes `i`: the default lower case of `İ` is `i̇` (two code points),
 * while its simple one-to-one mapping, and what PostgreSQL's libc lower() does, is `i`.
 *
 * The SQL function is the same steps (`replace(lower(normalize(e, NFKC) COLLATE "und-x-icu"), 'i̇', 'i')`);
 * `email-key.int-spec.ts` checks the two agree. Stored emails keep what the admin typed (trimmed).
 */
export function emailKey(email: string): string {
  return email
    .trim()
    .normalize('NFKC')
    .toLowerCase()
    .replace(/i\u0307/g, 'i');
}
