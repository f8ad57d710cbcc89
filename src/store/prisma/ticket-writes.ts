// The writes of a new ticket and its history in hand-written SQL (direct-sql.ts): the most frequent writes of the
// desk, one statement each instead of Prisma's create with its query plan and result mapping.
import type { Ticket, TicketEventInput, TicketInput, TicketKind, TicketPatch, TicketStatus } from '../types/index.js';
import type { Db } from './client.js';
import { rawSql } from './dialect.js';
import { sqlRows, sqlRun } from './direct-sql.js';
import { insertOf, sqlParam, toBool, toDate, toDateOrNull, toInt, toIntOrNull } from './row-values.js';

const DATES = ['nextReplyAt', 'appointmentAt', 'responseDueAt', 'arrivalDueAt', 'resolveDueAt', 'followupDueAt', 'pausedAt', 'completedAt', 'closedAt'] as const;

/** A Ticket from a `SELECT *` / `RETURNING *` row of either database. */
export function ticketFromRow(r: Record<string, unknown>): Ticket {
  const t = {
    id: toInt(r.id),
    kind: r.kind as TicketKind,
    status: r.status as TicketStatus,
    category: (r.category as string | null) ?? null,
    description: r.description as string,
    building: (r.building as string | null) ?? null,
    unit: (r.unit as string | null) ?? null,
    room: (r.room as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
    urgent: toBool(r.urgent),
    reporterId: toIntOrNull(r.reporterId),
    assigneeId: toIntOrNull(r.assigneeId),
    accusedId: toIntOrNull(r.accusedId),
    team: (r.team as string | null) ?? null,
    propertyId: toInt(r.propertyId),
    sourcePlatform: (r.sourcePlatform as string | null) ?? null,
    sourceChatId: (r.sourceChatId as string | null) ?? null,
    rating: toIntOrNull(r.rating),
    createdAt: toDate(r.createdAt),
    updatedAt: toDate(r.updatedAt),
  } as Ticket;
  for (const k of DATES) t[k] = toDateOrNull(r[k]);
  return t;
}

/** Inserts the ticket (created and updated at the event's time) and returns it. */
export async function insertTicket(db: Db, input: TicketInput, at: Date): Promise<Ticket> {
  const q = rawSql(db);
  const insert = insertOf(q, 'Ticket', { urgent: false, propertyId: 1, ...input, createdAt: at, updatedAt: at });
  const [row] = await sqlRows<Record<string, unknown>>(db, `${insert.sql} RETURNING *`, insert.params);
  return ticketFromRow(row!);
}

/** Appends one line to a ticket's history. */
export async function insertEvent(db: Db, ticketId: number, from: TicketStatus | null, to: TicketStatus | null, e: TicketEventInput): Promise<void> {
  const q = rawSql(db);
  const insert = insertOf(q, 'TicketEvent', { ticketId, actorId: e.actorId, action: e.action, fromStatus: from, toStatus: to, note: e.note ?? null, inboundId: e.inboundId ?? null, createdAt: e.at });
  await sqlRun(db, insert.sql, insert.params);
}

/** Sets the due dates of a ticket (and updatedAt to now). */
export async function updateDue(db: Db, id: number, patch: Pick<TicketPatch, 'responseDueAt' | 'arrivalDueAt' | 'resolveDueAt' | 'followupDueAt'>): Promise<void> {
  const q = rawSql(db);
  const keys = Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined) as Array<keyof typeof patch>;
  const sets = [...keys.map((k) => `"${k}" = ?`), '"updatedAt" = ?'];
  await sqlRun(db, q.text(`UPDATE "Ticket" SET ${sets.join(', ')} WHERE "id" = ?`), [...keys.map((k) => sqlParam(q, patch[k])), q.date(new Date()), id]);
}
