import { TICKET_OPEN_STATUSES, type DashboardStore, type OutboxRow, type OutboxStatus, type SlaClockRow, type Ticket, type TicketKind, type TicketQuery } from '../types/index.js';
import type { Db } from './client.js';
import type { Prisma } from '../generated/client.js';

const asTicket = (r: { kind: string; status: string }) => r as unknown as Ticket;
const asClock = (r: { itemType: string; clock: string }) => r as unknown as SlaClockRow;
const RUNNING = { itemType: 'ticket', active: true, pausedAt: null, metAt: null } as const;

export class PrismaDashboardStore implements DashboardStore {
  constructor(private readonly db: Db) {}

  private async where(q: TicketQuery): Promise<Prisma.TicketWhereInput> {
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
    if (q.overdueAt) {
      const late = await this.db.slaClock.findMany({ where: { ...RUNNING, dueAt: { lt: q.overdueAt } }, select: { itemId: true }, distinct: ['itemId'] });
      and.push({ id: { in: late.map((c) => c.itemId) } });
    }
    return and.length ? { AND: and } : {};
  }

  async search(q: TicketQuery, page: number, pageSize: number) {
    const where = await this.where(q);
    const [total, rows] = await Promise.all([
      this.db.ticket.count({ where }),
      this.db.ticket.findMany({ where, orderBy: { id: 'desc' }, skip: Math.max(0, page - 1) * pageSize, take: pageSize }),
    ]);
    return { total, rows: rows.map(asTicket) };
  }

  async openByKind(q: TicketQuery) {
    const groups = await this.db.ticket.groupBy({ by: ['kind'], where: await this.where({ ...q, status: 'open' }), _count: { _all: true } });
    const out: Record<TicketKind, number> = { repair: 0, complaint: 0, inquiry: 0 };
    for (const g of groups) out[g.kind as TicketKind] = g._count._all;
    return out;
  }

  async runningClocks(q: TicketQuery, before: Date, limit: number) {
    const clocks = await this.db.slaClock.findMany({ where: { ...RUNNING, dueAt: { lt: before } }, orderBy: { dueAt: 'asc' }, take: limit * 5 });
    if (!clocks.length) return [];
    const base = await this.where({ ...q, status: 'open' });
    const tickets = await this.db.ticket.findMany({ where: { AND: [base, { id: { in: [...new Set(clocks.map((c) => c.itemId))] } }] } });
    const byId = new Map(tickets.map((t) => [t.id, asTicket(t)]));
    return clocks.filter((c) => byId.has(c.itemId)).slice(0, limit).map((c) => ({ clock: asClock(c), ticket: byId.get(c.itemId)! }));
  }

  async dayCounts(q: TicketQuery, from: Date, to: Date) {
    const base = await this.where(q);
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
