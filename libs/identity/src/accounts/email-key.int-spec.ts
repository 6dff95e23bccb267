import { createTestDatabase, TestDatabase } from '@app/testing';
import { Client } from 'pg';
import { emailKey } from './email-key';


/** The JavaScript normal form and the SQL one (`email_key`, in the unique index) must agree exactly. */
describe('emailKey and SQL email_key()', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase('emailkey');
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  const samples = [
    'anna@example.org',
    'ANNA@Example.ORG',
    'ANNİ@example.org',
    'ıris@example.org',
    'i\u0307ris@example.org',
    'ＡＮＮＡ＠ｅｘａｍｐｌｅ．ｏｒｇ',
    'ﬁona@example.org',
    'STRAẞE@example.de',
    'ΟΔΥΣΣΕΥΣ@example.gr',
    'Ǆemal@example.org',
    'Ångström@example.se',
    'A\u030Angstrom@example.se',
    'ⓐnna@example.org',
    'Σίσυφος@example.gr',
  ];

  it('gives the same key in both, for every sample', async () => {
    const { rows } = await client.query<{ key: string }>(
      `SELECT email_key(e) AS key FROM unnest($1::text[]) WITH ORDINALITY AS t(e, n) ORDER BY n`,
      [samples],
    );
    expect(rows.map((r) => r.key)).toEqual(samples.map(emailKey));
  });

  it('folds the variants that reached one account under different counters', () => {
    expect(emailKey(' ANNİ@Example.org ')).toBe('anni@example.org');
    expect(emailKey('ＡＮＮＡ＠ｅｘａｍｐｌｅ．ｏｒｇ')).toBe('anna@example.org');
    expect(emailKey('A\u030Angstrom@x')).toBe(emailKey('Ångström@x'.replace('ö', 'o')));
    // Dotless ı is a different letter, not folded onto i (no Turkish-locale mapping).
    expect(emailKey('ıris@x')).not.toBe(emailKey('iris@x'));
  });

  it('makes the unique index refuse a variant of an existing email', async () => {
    await client.query(
      `INSERT INTO users (email, display_name, role, password_hash) VALUES ('iris@example.org', 'Iris', 'admin', 'x')`,
    );
    await expect(
      client.query(
        `INSERT INTO users (email, display_name, role, password_hash) VALUES ('İRİS@EXAMPLE.ORG', 'Iris 2', 'admin', 'x')`,
      ),
    ).rejects.toThrow(/users_email_key/);
  });
});
