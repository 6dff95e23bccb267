import type { MigrationInterface } from 'typeorm';

export type Migration = new () => MigrationInterface;

/** The 13-digit timestamp that ends a migration's name (the name TypeORM records when it runs). */
function timestampOf(migration: Migration): number {
  const name = new migration().name ?? migration.name;
  const match = /(\d{13})$/.exec(name);
  if (!match) throw new Error(`Migration ${name} has no 13-digit timestamp at the end of its name`);
  return Number(match[1]);
}

/**
 * Every lib's migrations (the platform's and each feature's `<LIB>_MIGRATIONS`) as one list in
 * timestamp order: the order they were written in, whichever lib owns each.
 */
export function migrationsInOrder(...lists: readonly (readonly Migration[])[]): Migration[] {
  const all = lists.flat().map((migration) => ({ migration, at: timestampOf(migration) }));
  const taken = new Set<number>();
  for (const { migration, at } of all) {
    if (taken.has(at)) throw new Error(`Two migrations share the timestamp ${at} (${migration.name})`);
    taken.add(at);
  }
  return all.sort((a, b) => a.at - b.at).map(({ migration }) => migration);
}
