// The few differences the hand-written SQL has to know between SQLite and PostgreSQL: placeholders (? vs $n),
// how a DateTime parameter is passed (ISO text as Prisma's SQLite adapter stores it, vs a timestamp) and booleans.
import type { Db } from './client.js';

export type Dialect = 'sqlite' | 'postgresql';

const dialects = new WeakMap<object, Dialect>();

/** The provider of the Prisma client (or transaction client) the SQL runs on; remembered per client (a transaction
 * client answers the property through a proxy, on the path of every hand-written statement). */
export function dialectOf(db: Db): Dialect {
  let dialect = dialects.get(db);
  if (!dialect) {
    dialect = (db as unknown as { _activeProvider?: string })._activeProvider === 'postgresql' ? 'postgresql' : 'sqlite';
    dialects.set(db, dialect);
  }
  return dialect;
}

/** DateTime as Prisma's SQLite adapter stores it (ISO-8601 text, +00:00), so ordering and Prisma reads keep working. */
export const sqlDate = (d: Date | null | undefined): string | null => (d ? d.toISOString().replace('Z', '+00:00') : null);

export interface RawSql {
  readonly dialect: Dialect;
  /** Turns `?` placeholders into `$1, $2…` on PostgreSQL (the SQL must not hold a literal `?`). */
  text(sql: string): string;
  date(d: Date | null | undefined): Date | string | null;
  bool(b: boolean): boolean | number;
}

const POSTGRESQL: RawSql = {
  dialect: 'postgresql',
  text: (sql) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  },
  date: (d) => d ?? null,
  bool: (b) => b,
};
const SQLITE: RawSql = { dialect: 'sqlite', text: (sql) => sql, date: sqlDate, bool: (b) => (b ? 1 : 0) };

export function rawSql(db: Db): RawSql {
  return dialectOf(db) === 'postgresql' ? POSTGRESQL : SQLITE;
}
