import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { invalid } from './errors.ts';

export type CursorValue = string | number;

/** Encodes the sort key of the last row of a page as an opaque cursor. */
export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor made by `encodeCursor` with `arity` values; a forged one is a 400. */
export function decodeCursor(cursor: string | undefined, arity: number): CursorValue[] | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => (typeof v === 'string' && v.length <= 300) || Number.isSafeInteger(v))
    ) {
      return values as CursorValue[];
    }
  } catch {
    /* fall through */
  }
  throw invalid('cursor', 'Not a cursor this server gave');
}

/** `(a, b) > (x, y)` (or `<` for descending): the rows after the cursor in keyset order. */
export function afterCursor(keys: SQL[], values: CursorValue[], direction: 'asc' | 'desc'): SQL {
  const left = sql.join(keys, sql`, `);
  const right = sql.join(values.map((v) => sql`${v}`), sql`, `);
  return direction === 'asc' ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`;
}

/** Cuts a `limit + 1` result into a page and the cursor of the next one. */
export function toPage<R, T>(rows: R[], limit: number, key: (row: R) => CursorValue[], map: (row: R) => T): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(map), nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null };
}

/**
 * Keyset pieces for a list sorted by name then id (case-insensitive): the condition for the rows
 * after the cursor, the ORDER BY, and the key of a row for the next cursor.
 */
export function byName(name: AnyColumn, id: AnyColumn, cursor: string | undefined) {
  const after = decodeCursor(cursor, 2);
  return {
    after: after ? afterCursor([sql`lower(${name})`, sql`${id}`], after, 'asc') : undefined,
    orderBy: [sql`lower(${name})`, sql`${id}`] as [SQL, SQL],
    key: (row: { name: string; id: number }): CursorValue[] => [row.name.toLowerCase(), row.id],
  };
}
