// The few differences the hand-written SQL has to know between SQLite and PostgreSQL: placeholders (? vs $n),
// how a DateTime parameter is passed (ISO text as Prisma's SQLite adapter stores it, vs a timestamp) and booleans.
import type { Db } from './client.js';

export type Dialect = 'sqlite' | 'postgresql';

/** The provider of the Prisma client (or transaction client) the SQL runs on. */
export function dialectOf(db: Db): Dialect {
  return (db as unknown as { _activeProvider?: string })._activeProvider === 'postgresql' ? 'postgresql' : 'sqlite';
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

export function rawSql(db: Db): RawSql {
  const dialect = dialectOf(db);
  if (dialect === 'postgresql') {
    return {
      dialect,
      text: (sql) => {
        let n = 0;
        return sql.replace(/\?/g, () => `$${++n}`);
      },
      date: (d) => d ?? null,
      bool: (b) => b,
    };
  }
  return { dialect, text: (sql) => sql, date: sqlDate, bool: (b) => (b ? 1 : 0) };
}
