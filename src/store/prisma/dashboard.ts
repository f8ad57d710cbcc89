import { COUNT_CAP, TICKET_OPEN_STATUSES, type DashboardStore, type OutboxRow, type OutboxStatus, type SlaClockRow, type Ticket, type TicketKind, type TicketQuery, type TicketScope } from '../types/index.js';
import type { Db } from './client.js';
import { lateTicketCount, runningClockIds } from './running-clocks.js';
import { searchIds } from './ticket-search.js';
import type { Prisma } from '../generated/client.js';

const asTicket = (r: { kind: string; status: string }) => r as unknown as Ticket;
const asClock = (r: { itemType: string; clock: string }) => r as unknown as SlaClockRow;

/** The board's filters (scope, kind, status…); the list's search, 仅超时 included, is ticket-search.ts. */
export function ticketWhere(q: TicketQuery): Prisma.TicketWhereInput {
  const and: Prisma.TicketWhereInput[] = [];
  if (q.propertyIds) and.push({ propertyId: { in: [...q.propertyIds] } });
  if (q.scopeTeam) and.push({ team: q.scopeTeam });
  if (q.scopePersonId) and.push({ OR: [{ assigneeId: q.scopePersonId }, { reporterId: q.scopePersonId }] });
  if (q.kind) and.push({ kind: q.kind });
  if (q.status === 'open') and.push({ status: { in: [...TICKET_OPEN_STATUSES] } });
  else if (q.status) and.push({ status: q.status });
  if (q.category) and.push({ category: q.category });
  if (q.propertyId) and.push({ propertyId: q.propertyId });
  if (q.team) and.push({ team: q.team });
  if (q.assigneeId) and.push({ assigneeId: q.assigneeId });
  if (q.createdFrom) and.push({ createdAt: { gte: q.createdFrom } });
  if (q.createdTo) and.push({ createdAt: { lt: q.createdTo } });
  if (q.text) {
    const n = /^#?(\d{1,9})$/.exec(q.text.trim());
    and.push(n ? { OR: [{ id: Number(n[1]) }, { description: { contains: q.text.trim() } }] } : { description: { contains: q.text.trim() } });
  }
  return and.length ? { AND: and } : {};
}

export class PrismaDashboardStore implements DashboardStore {
  constructor(private readonly db: Db) {}


  /**
   * Newest first (createdAt, id), paged in SQL; 仅超时 joins the running clocks and the text search uses the
   * full-text index where it helps (ticket-search.ts, text-search.ts). The total is counted up to COUNT_CAP + 1
   * (shown as 10000+): an exact count of a broad filter reads every match.
   */
  async search(q: TicketQuery, page: number, pageSize: number) {
    const skip = Math.max(0, page - 1) * pageSize;
    const { total, ids } = await searchIds(this.db, q, skip, pageSize, COUNT_CAP);
    if (!ids.length) return { total, rows: [] };
    const byId = new Map((await this.db.ticket.findMany({ where: { id: { in: ids } } })).map((t) => [t.id, asTicket(t)]));
    return { total, rows: ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])) };
  }

  overdueCount(q: TicketScope, at: Date) {
    return lateTicketCount(this.db, q, at);
  }

  async openByKind(q: TicketQuery) {
    const groups = await this.db.ticket.groupBy({ by: ['kind'], where: ticketWhere({ ...q, status: 'open' }), _count: { _all: true } });
    const out: Record<TicketKind, number> = { repair: 0, complaint: 0, inquiry: 0 };
    for (const g of groups) out[g.kind as TicketKind] = g._count._all;
    return out;
  }

  /**
   * One joined statement in the viewer's scope (running-clocks.ts). A running clock is a live deadline, whatever the
   * ticket's status (回访 of a resolved complaint).
   */
  async runningClocks(q: TicketScope, before: Date, limit: number) {
    const ids = await runningClockIds(this.db, q, before, limit);
    if (!ids.length) return [];
    const clocks = await this.db.slaClock.findMany({ where: { id: { in: ids } }, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }] });
    const tickets = new Map((await this.db.ticket.findMany({ where: { id: { in: [...new Set(clocks.map((c) => c.itemId))] } } })).map((t) => [t.id, asTicket(t)]));
    return clocks.flatMap((c) => (tickets.has(c.itemId) ? [{ clock: asClock(c), ticket: tickets.get(c.itemId)! }] : []));
  }

  async dayCounts(q: TicketQuery, from: Date, to: Date) {
    const base = ticketWhere(q);
    const [created, closed, completed] = await Promise.all([
      this.db.ticket.count({ where: { AND: [base, { createdAt: { gte: from, lt: to } }] } }),
      this.db.ticket.count({ where: { AND: [base, { closedAt: { gte: from, lt: to } }] } }),
      this.db.ticket.count({ where: { AND: [base, { completedAt: { gte: from, lt: to } }] } }),
    ]);
    return { created, closed, completed };
  }

  async leaveIdsOverlapping(fromDate: string, toDate: string) {
    const rows = await this.db.leaveRequest.findMany({ where: { startDate: { lte: toDate }, endDate: { gte: fromDate } }, select: { id: true }, orderBy: { startDate: 'asc' } });
    return rows.map((r) => r.id);
  }

  async drillIdsDueBetween(from: Date, to: Date) {
    const rows = await this.db.drill.findMany({ where: { dueAt: { gte: from, lt: to }, status: { not: 'replaced' } }, select: { id: true }, orderBy: { dueAt: 'asc' } });
    return rows.map((r) => r.id);
  }

  async pushes(limit: number) {
    const rows = await this.db.outbox.findMany({ where: { status: { in: ['failed', 'pending', 'sending'] } }, orderBy: { id: 'desc' }, take: limit });
    return rows.map(({ updatedAt: _u, ...r }) => ({ ...r, status: r.status as OutboxStatus }) satisfies OutboxRow);
  }

  async retryPush(id: number, now: Date, giveUpAt: Date) {
    const { count } = await this.db.outbox.updateMany({ where: { id, status: 'failed' }, data: { status: 'pending', nextAttemptAt: now, giveUpAt } });
    return count === 1;
  }
}
