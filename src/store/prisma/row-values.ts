// Column values of hand-written SQL, read the same on both databases: SQLite gives integers as numbers (or bigints
// through Prisma's raw queries), booleans as 0/1 and DateTime as ISO text; PostgreSQL gives numbers, booleans, Dates.
import type { RawSql } from './dialect.js';

export const toInt = (v: unknown): number => Number(v);
export const toIntOrNull = (v: unknown): number | null => (v == null ? null : Number(v));
export const toBool = (v: unknown): boolean => (typeof v === 'boolean' ? v : Number(v) !== 0);
export const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
export const toDateOrNull = (v: unknown): Date | null => (v == null ? null : toDate(v));

/** A parameter for hand-written SQL: Dates and booleans as the dialect stores them, undefined as NULL. */
export function sqlParam(q: RawSql, v: unknown): unknown {
  if (v instanceof Date) return q.date(v);
  if (typeof v === 'boolean') return q.bool(v);
  return v ?? null;
}

/** `INSERT INTO "table" (…) VALUES (…)` of the defined keys of `data`, with its parameters. */
export function insertOf(q: RawSql, table: string, data: Record<string, unknown>): { sql: string; params: unknown[] } {
  const keys = Object.keys(data).filter((k) => data[k] !== undefined);
  return {
    sql: q.text(`INSERT INTO "${table}" (${keys.map((k) => `"${k}"`).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`),
    params: keys.map((k) => sqlParam(q, data[k])),
  };
}
