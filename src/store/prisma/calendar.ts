import type { CalendarOverride, CalendarStore } from '../types/index.js';
import type { Db } from './client.js';
import { sqlRows } from './direct-sql.js';
import { toBool } from './row-values.js';

export class PrismaCalendarStore implements CalendarStore {
  constructor(private readonly db: Db) {}

  async overrides() {
    const rows = await sqlRows<{ date: string; workday: unknown }>(this.db, 'SELECT "date", "workday" FROM "CalendarOverride"', []);
    return new Map(rows.map((r) => [r.date, toBool(r.workday)]));
  }

  list() {
    return this.db.calendarOverride.findMany({ select: { date: true, workday: true, note: true }, orderBy: { date: 'asc' } });
  }

  async importMany(rows: readonly CalendarOverride[]) {
    const run = async (tx: Db) => {
      const existing = new Set((await tx.calendarOverride.findMany({ where: { date: { in: rows.map((r) => r.date) } }, select: { date: true } })).map((r) => r.date));
      for (const r of rows) await tx.calendarOverride.upsert({ where: { date: r.date }, create: r, update: { workday: r.workday, note: r.note } });
      return { created: rows.filter((r) => !existing.has(r.date)).length, updated: rows.filter((r) => existing.has(r.date)).length };
    };
    return '$transaction' in this.db ? this.db.$transaction((tx) => run(tx), { timeout: 15_000, maxWait: 15_000 }) : run(this.db);
  }

  countBetween(from: string, to: string) {
    return this.db.calendarOverride.count({ where: { date: { gte: from, lte: to } } });
  }
}
