// The dashboard's ticket list as hand-written SQL (through rawSql, so it runs on SQLite and PostgreSQL): every filter
// of a TicketQuery, the viewer's scope, 仅超时 as a join on the running clocks, and the text search (text-search.ts),
// newest first (createdAt, id) and paged in SQL, with a total counted only up to a cap.
import { TICKET_OPEN_STATUSES, type TicketQuery, type TicketScope } from '../types/index.js';
import type { Db } from './client.js';
import { rawSql, type RawSql } from './dialect.js';
import { textCondition } from './text-search.js';

export interface Where {
  sql: string;
  params: unknown[];
  /** The filters name a bounded set of rows (the late clocks' items, the text index's candidates). */
  bounded: boolean;
}

const inList = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** The viewer's scope (properties, team, own items) as conditions on `t`, the Ticket table. */
export function scopeConditions(q: TicketScope): { parts: string[]; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (q.propertyIds) {
    parts.push(q.propertyIds.length ? `t."propertyId" IN (${inList(q.propertyIds)})` : '1 = 0');
    params.push(...q.propertyIds);
  }
  if (q.scopeTeam) (parts.push('t."team" = ?'), params.push(q.scopeTeam));
  if (q.scopePersonId) (parts.push('(t."assigneeId" = ? OR t."reporterId" = ?)'), params.push(q.scopePersonId, q.scopePersonId));
  return { parts, params };
}

/** The WHERE clause (on `t`, the Ticket table) of every filter of `q`; `now` is when 仅超时 is asked. */
export async function ticketWhere(db: Db, r: RawSql, q: TicketQuery): Promise<Where> {
  const parts: string[] = [];
  const params: unknown[] = [];
  let bounded = false;
  const add = (sql: string, ...p: unknown[]) => (parts.push(sql), params.push(...p));
  const scope = scopeConditions(q);
  parts.push(...scope.parts);
  params.push(...scope.params);
  if (q.kind) add('t."kind" = ?', q.kind);
  if (q.status === 'open') add(`t."status" IN (${inList(TICKET_OPEN_STATUSES)})`, ...TICKET_OPEN_STATUSES);
  else if (q.status) add('t."status" = ?', q.status);
  if (q.category) add('t."category" = ?', q.category);
  if (q.propertyId) add('t."propertyId" = ?', q.propertyId);
  if (q.team) add('t."team" = ?', q.team);
  if (q.assigneeId) add('t."assigneeId" = ?', q.assigneeId);
  if (q.createdFrom) add('t."createdAt" >= ?', r.date(q.createdFrom));
  if (q.createdTo) add('t."createdAt" < ?', r.date(q.createdTo));
  if (q.overdueAt) {
    // The tickets of the running clocks past due: a range of the (itemType, active, dueAt) index, one statement
    // however many there are.
    add(
      `t."id" IN (SELECT c."itemId" FROM "SlaClock" c WHERE c."itemType" = 'ticket' AND c."active" = ? AND c."pausedAt" IS NULL AND c."metAt" IS NULL AND c."dueAt" < ?)`,
      r.bool(true),
      r.date(q.overdueAt),
    );
    bounded = true;
  }
  if (q.text?.trim()) {
    const text = q.text.trim();
    const cond = await textCondition(db, r, text);
    bounded ||= cond.selective;
    const n = /^#?(\d{1,9})$/.exec(text);
    if (n) add(`(t."id" = ? OR ${cond.sql})`, Number(n[1]), ...cond.params);
    else add(cond.sql, ...cond.params);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params, bounded };
}

/** Ids of one page of the query's tickets, newest first, and their number counted up to `cap` + 1. */
export async function searchIds(db: Db, q: TicketQuery, offset: number, limit: number, cap: number): Promise<{ total: number; ids: number[] }> {
  const r = rawSql(db);
  const w = await ticketWhere(db, r, q);
  if (w.bounded) {
    // A bounded set is read once, in order, up to the cap (or the page): its length is the total.
    const all = await db.$queryRawUnsafe<Array<{ id: number | bigint }>>(
      r.text(`SELECT t."id" AS id FROM "Ticket" t ${w.sql} ORDER BY t."createdAt" DESC, t."id" DESC LIMIT ?`),
      ...w.params,
      Math.max(cap + 1, offset + limit),
    );
    return { total: Math.min(all.length, cap + 1), ids: all.slice(offset, offset + limit).map((x) => Number(x.id)) };
  }
  const page = r.text(`SELECT t."id" AS id FROM "Ticket" t ${w.sql} ORDER BY t."createdAt" DESC, t."id" DESC LIMIT ? OFFSET ?`);
  // Counting stops at cap + 1 (shown as "10000+"): an exact count of a broad filter would read every match.
  const count = r.text(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM "Ticket" t ${w.sql} LIMIT ?) capped`);
  const [rows, counted] = await Promise.all([
    db.$queryRawUnsafe<Array<{ id: number | bigint }>>(page, ...w.params, limit, offset),
    db.$queryRawUnsafe<Array<{ n: number | bigint }>>(count, ...w.params, cap + 1),
  ]);
  return { total: Number(counted[0]?.n ?? 0), ids: rows.map((x) => Number(x.id)) };
}
