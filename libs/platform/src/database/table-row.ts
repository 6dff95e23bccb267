import { getMetadataArgsStorage } from 'typeorm';

declare const referenced: unique symbol;

/**
 * The type of an entity's relation property. Relations are declared only so that TypeORM knows each
 * foreign key (name, target, ON DELETE) and the schema test can compare it; no code loads them.
 */
export type ForeignKey<T> = { readonly [referenced]: T };

/** An entity's columns as a plain row: its properties without the foreign-key relation markers. */
export type TableRow<E> = {
  [K in keyof E as NonNullable<E[K]> extends ForeignKey<unknown> ? never : K]: E[K];
};

/** Each column of an entity: its property and its database name, in declaration order. */
export function tableColumns<E>(
  entity: new () => E,
): { property: keyof TableRow<E> & string; column: string }[] {
  return getMetadataArgsStorage()
    .filterColumns(entity)
    .map((args) => ({
      property: args.propertyName as keyof TableRow<E> & string,
      column: args.options.name ?? args.propertyName,
    }));
}

/**
 * A SELECT list for hand-written SQL, from the entity: each column as its property name
 * (`c.risk_factors AS "riskFactors"`), so the query's rows are TableRow<E>, or a Pick (`only`) or
 * an Omit (`except`) of it. Build it once, at load, so the hot path's statement text stays constant.
 */
export function selectList<E>(
  entity: new () => E,
  alias: string,
  pick: {
    only?: readonly (keyof TableRow<E> & string)[];
    except?: readonly (keyof TableRow<E> & string)[];
  } = {},
): string {
  return tableColumns(entity)
    .filter(
      ({ property }) => (!pick.only || pick.only.includes(property)) && !pick.except?.includes(property),
    )
    .map(({ property, column }) =>
      property === column ? `${alias}.${column}` : `${alias}.${column} AS "${property}"`,
    )
    .join(', ');
}
