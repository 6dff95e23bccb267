'use strict';
/**
 * Today's (before envelope encryption) key rotation, kept for the bench: every encrypted field
 * is decrypted with its master key and encrypted again with the new first key of ENCRYPTION_KEYS,
 * in batches of 500 rows, each batch one UPDATE ... FROM unnest, written back only if unchanged.
 * The same algorithm as libs/consultations/src/privacy/key-rotation.ts had until the re-wrap
 * replaced it (git history), on pg directly and with the built FieldCipher.
 * Env: DATABASE_URL, ENCRYPTION_KEYS. Prints one JSON line { rotated, failed, seconds }.
 */
const path = require('node:path');
const { Client } = require('pg');

const ROOT = path.resolve(__dirname, '../..');
const { FieldCipher, parseEncryptionKeys } = require(
  path.join(ROOT, 'dist/apps/cli/libs/platform/src/crypto/field-cipher.js'),
);

const FIELDS = [
  ['consultations', 'summary'],
  ['consultations', 'contact_phone'],
  ['consultations', 'priority_override_reason'],
  ['consultation_messages', 'body'],
  ['consultation_status_changes', 'reason'],
];

async function main() {
  const cipher = new FieldCipher(parseEncryptionKeys(process.env.ENCRYPTION_KEYS));
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const started = process.hrtime.bigint();
  let rotated = 0;
  let failed = 0;
  const prefix = `v1.${cipher.currentKeyId}.`;
  for (const [table, column] of FIELDS) {
    let afterId = null;
    for (;;) {
      const { rows } = await db.query(
        `SELECT id::text AS id, ${column} AS value FROM ${table}
         WHERE ${column} IS NOT NULL AND left(${column}, length($1)) <> $1
           AND ($2::uuid IS NULL OR id > $2::uuid)
         ORDER BY id LIMIT $3`,
        [prefix, afterId, 500],
      );
      if (rows.length === 0) break;
      afterId = rows[rows.length - 1].id;
      const changes = [];
      for (const row of rows) {
        const binding = { table, column, rowId: row.id };
        try {
          changes.push({
            id: row.id,
            from: row.value,
            to: cipher.encrypt(cipher.decrypt(row.value, binding), binding),
          });
        } catch {
          failed += 1;
        }
      }
      if (changes.length === 0) continue;
      await db.query('BEGIN');
      const result = await db.query(
        `UPDATE ${table} t SET ${column} = v.to_value
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, from_value, to_value)
         WHERE t.id = v.id AND t.${column} = v.from_value`,
        [changes.map((c) => c.id), changes.map((c) => c.from), changes.map((c) => c.to)],
      );
      await db.query('COMMIT');
      rotated += result.rowCount;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await db.end();
  process.stdout.write(`${JSON.stringify({ rotated, failed, seconds })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
