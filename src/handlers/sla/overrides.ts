// The holiday override table (CalendarOverride): dates the chinese-days data does not know yet
// (a new year's State Council notice), or local exceptions. A row wins over the library.
import chineseDays from 'chinese-days';
import type { Db } from '../../store/prisma/client.js';
import { createCalendar, type WorkCalendar } from './calendar.js';

export interface OverrideRow {
  /** YYYY-MM-DD, local date. */
  date: string;
  workday: boolean;
  note: string | null;
}

/** Every override as the map createCalendar takes: YYYY-MM-DD → working day or not. */
export async function loadOverrides(db: Db): Promise<Map<string, boolean>> {
  const rows = await db.calendarOverride.findMany({ select: { date: true, workday: true } });
  return new Map(rows.map((r) => [r.date, r.workday]));
}

/** The working-day calendar with the override table applied. The table is tiny: read it whole. */
export async function loadCalendar(db: Db, offsetMinutes: number): Promise<WorkCalendar> {
  return createCalendar(offsetMinutes, await loadOverrides(db));
}

export async function listOverrides(db: Db): Promise<OverrideRow[]> {
  return db.calendarOverride.findMany({ select: { date: true, workday: true, note: true }, orderBy: { date: 'asc' } });
}

/** Inserts or replaces the rows, all in one transaction. Returns how many were new and how many replaced. */
export async function importOverrides(db: Db, rows: readonly OverrideRow[]): Promise<{ created: number; updated: number }> {
  const run = async (tx: Db) => {
    const existing = new Set(
      (await tx.calendarOverride.findMany({ where: { date: { in: rows.map((r) => r.date) } }, select: { date: true } })).map((r) => r.date),
    );
    for (const r of rows) {
      await tx.calendarOverride.upsert({ where: { date: r.date }, create: r, update: { workday: r.workday, note: r.note } });
    }
    return { created: rows.filter((r) => !existing.has(r.date)).length, updated: rows.filter((r) => existing.has(r.date)).length };
  };
  return '$transaction' in db ? db.$transaction((tx) => run(tx), { timeout: 15_000, maxWait: 15_000 }) : run(db);
}

/**
 * Whether the bundled chinese-days data covers the year: it lists at least one public holiday
 * (节假日, not ordinary weekends) in it. The package ships data up to the last published State
 * Council notice; a year beyond it falls back to plain Monday–Friday, silently.
 */
export function libraryCovers(year: number): boolean {
  return chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
}

export interface Coverage {
  year: number;
  /** chinese-days has holiday data for the year. */
  library: boolean;
  /** Override rows dated in the year. */
  overrides: number;
  /** Either of the two: working-day deadlines in that year follow a real holiday calendar. */
  covered: boolean;
}

export async function coverage(db: Db, year: number): Promise<Coverage> {
  const library = libraryCovers(year);
  const overrides = await db.calendarOverride.count({ where: { date: { gte: `${year}-01-01`, lte: `${year}-12-31` } } });
  return { year, library, overrides, covered: library || overrides > 0 };
}
