import type { ClockName, ClockUpdate, ItemType, SlaClockRow, SlaClockStore } from '../types/index.js';
import { updateClocks } from './bulk.js';
import type { Db } from './client.js';
import { rawSql } from './dialect.js';
import { sqlRows } from './direct-sql.js';

type Raw = Omit<SlaClockRow, 'itemType' | 'clock'> & { itemType: string; clock: string; createdAt?: Date; updatedAt?: Date };
const toRow = ({ createdAt: _c, updatedAt: _u, ...r }: Raw): SlaClockRow => ({ ...r, itemType: r.itemType as ItemType, clock: r.clock as ClockName });

export class PrismaSlaClockStore implements SlaClockStore {
  constructor(private readonly db: Db) {}

  async upsert(row: Pick<SlaClockRow, 'itemType' | 'itemId' | 'clock' | 'startedAt' | 'dueAt' | 'nextFireAt'>) {
    // One statement (direct-sql.ts) instead of Prisma's upsert: a clock (re)starts with every new item.
    const q = rawSql(this.db);
    const now = q.date(new Date());
    const [r] = await sqlRows<{ id: number | bigint }>(
      this.db,
      q.text(`INSERT INTO "SlaClock" ("itemType", "itemId", "clock", "startedAt", "dueAt", "nextFireAt", "nextLevel", "active", "pausedAt", "metAt", "createdAt", "updatedAt")
        VALUES (?, ?, ?, ?, ?, ?, 0, ?, NULL, NULL, ?, ?)
        ON CONFLICT ("itemType", "itemId", "clock") DO UPDATE SET "startedAt" = excluded."startedAt", "dueAt" = excluded."dueAt", "nextFireAt" = excluded."nextFireAt",
          "nextLevel" = 0, "active" = excluded."active", "pausedAt" = NULL, "metAt" = NULL, "updatedAt" = excluded."updatedAt"
        RETURNING "id"`),
      [row.itemType, row.itemId, row.clock, q.date(row.startedAt), q.date(row.dueAt), q.date(row.nextFireAt), q.bool(true), now, now],
    );
    // The row as it now stands, without reading it back: every column was just set.
    return { id: Number(r!.id), itemType: row.itemType, itemId: row.itemId, clock: row.clock, startedAt: row.startedAt, dueAt: row.dueAt, nextLevel: 0, nextFireAt: row.nextFireAt, active: true, pausedAt: null, metAt: null };
  }

  async get(itemType: ItemType, itemId: number, clock: ClockName) {
    const r = await this.db.slaClock.findUnique({ where: { itemType_itemId_clock: { itemType, itemId, clock } } });
    return r ? toRow(r) : null;
  }

  async forItem(itemType: ItemType, itemId: number) {
    return (await this.db.slaClock.findMany({ where: { itemType, itemId }, orderBy: { id: 'asc' } })).map(toRow);
  }

  async stop(itemType: ItemType, itemId: number, clock: ClockName, at: Date, met: boolean) {
    await this.db.slaClock.updateMany({ where: { itemType, itemId, clock, active: true }, data: { active: false, nextFireAt: null, metAt: met ? at : null } });
  }

  async update(id: number, data: Partial<Pick<SlaClockRow, 'nextLevel' | 'nextFireAt' | 'active' | 'pausedAt' | 'dueAt' | 'startedAt'>>) {
    await this.db.slaClock.update({ where: { id }, data });
  }

  updateMany(updates: ClockUpdate[], now: Date) {
    return updateClocks(this.db, updates, now);
  }

  async dueBetween(from: Date, to: Date) {
    return (await this.db.slaClock.findMany({ where: { dueAt: { gte: from, lt: to } }, orderBy: { dueAt: 'asc' } })).map(toRow);
  }

  async pauseAll(itemType: ItemType, itemId: number, at: Date) {
    const where = { itemType, itemId, active: true, pausedAt: null };
    const rows = await this.db.slaClock.findMany({ where, orderBy: { id: 'asc' } });
    if (!rows.length) return [];
    await this.db.slaClock.updateMany({ where: { id: { in: rows.map((r) => r.id) }, ...where }, data: { pausedAt: at, nextFireAt: null } });
    return rows.map((r) => toRow({ ...r, pausedAt: at, nextFireAt: null }));
  }

  async dueAt(now: Date, limit: number) {
    const rows = await this.db.slaClock.findMany({ where: { active: true, nextFireAt: { lte: now } }, orderBy: { nextFireAt: 'asc' }, take: limit });
    return rows.map(toRow);
  }
}
