/**
 * SQL text built from a TypeScript vocabulary (statuses, priorities), so a list is declared once
 * and the hand-written SQL, the entities' checks and index predicates all read the same constant.
 * Only for constants of the code, never for input: input goes in as a parameter.
 */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `'a', 'b'`: the inside of an `IN (...)` list. */
export function sqlIn(values: readonly string[]): string {
  return values.map(literal).join(', ');
}

/**
 * `(column = ANY (ARRAY['a'::text, 'b'::text]))`: a text column restricted to a vocabulary, written
 * as PostgreSQL prints it back, so an entity's @Check or @Index `where` compares equal to the
 * migrated database's (the schema test reads both).
 */
export function sqlAnyOf(column: string, values: readonly string[]): string {
  return `(${column} = ANY (ARRAY[${values.map((v) => `${literal(v)}::text`).join(', ')}]))`;
}
