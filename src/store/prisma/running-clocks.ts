// The running ticket deadlines of a viewer's scope in one statement: the clocks joined to their tickets, filtered by
// the scope (properties, team, own items) in SQL, soonest first on the (itemType, active, dueAt) index. The
// dashboard's board uses it.
import type { TicketScope } from '../types/index.js';
import { rawSql, type RawSql } from './dialect.js';
import type { Db } from './client.js';
import { scopeConditions } from './ticket-search.js';

function scopeSql(q: TicketScope): { sql: string; params: unknown[] } {
  const s = scopeConditions(q);
  return { sql: s.parts.map((p) => ` AND ${p}`).join(''), params: s.params };
}

/**
 * On SQLite the covering (itemType, active, dueAt, pausedAt, metAt, itemId) index is named: with sampled statistics
 * the planner rates the older (itemType, active, dueAt) one the same and then reads every clock row (measured: twice
 * as slow for a lead's board at a million tickets).
 */
const COVERING = 'INDEXED BY "SlaClock_itemType_active_dueAt_pausedAt_metAt_itemId_idx"';
const running = (r: RawSql) => `FROM "SlaClock" c ${r.dialect === 'sqlite' ? COVERING : ''} JOIN "Ticket" t ON t."id" = c."itemId"
  WHERE c."itemType" = 'ticket' AND c."active" = ? AND c."pausedAt" IS NULL AND c."metAt" IS NULL AND c."dueAt" < ?`;

/** Ids of the scope's running clocks due before `before`, soonest first. */
export async function runningClockIds(db: Db, q: TicketScope, before: Date, limit: number): Promise<number[]> {
  const s = scopeSql(q);
  const r = rawSql(db);
  const rows = await db.$queryRawUnsafe<Array<{ id: number | bigint }>>(r.text(`SELECT c."id" AS id ${running(r)}${s.sql} ORDER BY c."dueAt", c."id" LIMIT ?`), r.bool(true), r.date(before), ...s.params, limit);
  return rows.map((r) => Number(r.id));
}

/** How many of the scope's tickets have a running clock due before `at`. */
export async function lateTicketCount(db: Db, q: TicketScope, at: Date): Promise<number> {
  const s = scopeSql(q);
  const r = rawSql(db);
  const [row] = await db.$queryRawUnsafe<Array<{ n: number | bigint }>>(r.text(`SELECT COUNT(DISTINCT c."itemId") AS n ${running(r)}${s.sql}`), r.bool(true), r.date(at), ...s.params);
  return Number(row?.n ?? 0);
}
