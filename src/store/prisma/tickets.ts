import {
  TICKET_FINAL_STATUSES,
  TICKET_OPEN_STATUSES,
  type Ticket,
  type TicketEvent,
  type TicketEventInput,
  type TicketFilter,
  type TicketInput,
  type TicketKind,
  type TicketPatch,
  type TicketStatus,
  type TicketStore,
} from '../types/index.js';
import type { Db } from './client.js';
import { insertEvent, insertTicket, updateDue } from './ticket-writes.js';

type TicketRaw = Omit<Ticket, 'kind' | 'status'> & { kind: string; status: string };
const toTicket = (r: TicketRaw): Ticket => ({ ...r, kind: r.kind as TicketKind, status: r.status as TicketStatus });

type EventRaw = Omit<TicketEvent, 'fromStatus' | 'toStatus'> & { fromStatus: string | null; toStatus: string | null };
const toEvent = (r: EventRaw): TicketEvent => ({ ...r, fromStatus: r.fromStatus as TicketStatus | null, toStatus: r.toStatus as TicketStatus | null });

export class PrismaTicketStore implements TicketStore {
  constructor(private readonly db: Db) {}

  async create(input: TicketInput, event: TicketEventInput) {
    const ticket = await insertTicket(this.db, input, event.at);
    await insertEvent(this.db, ticket.id, null, input.status, event);
    return ticket;
  }

  async get(id: number) {
    const r = await this.db.ticket.findUnique({ where: { id } });
    return r ? toTicket(r) : null;
  }

  async transition(id: number, from: TicketStatus, to: TicketStatus, event: TicketEventInput, patch: TicketPatch = {}) {
    const { count } = await this.db.ticket.updateMany({ where: { id, status: from }, data: { ...patch, status: to } });
    if (count === 0) return null;
    await insertEvent(this.db, id, from, to, event);
    return this.get(id);
  }

  async amend(id: number, patch: TicketPatch, event: TicketEventInput) {
    const r = await this.db.ticket.update({ where: { id }, data: patch });
    await insertEvent(this.db, id, r.status as TicketStatus, r.status as TicketStatus, event);
    return toTicket(r);
  }

  async setDue(id: number, patch: Pick<TicketPatch, 'responseDueAt' | 'arrivalDueAt' | 'resolveDueAt' | 'followupDueAt'>) {
    await updateDue(this.db, id, patch);
  }

  async events(ticketId: number) {
    return (await this.db.ticketEvent.findMany({ where: { ticketId }, orderBy: { id: 'asc' } })).map(toEvent);
  }

  async listUnfinished() {
    const rows = await this.db.ticket.findMany({ where: { status: { notIn: [...TICKET_FINAL_STATUSES] } }, orderBy: [{ urgent: 'desc' }, { id: 'asc' }] });
    return rows.map(toTicket);
  }

  async byIds(ids: readonly number[]) {
    if (!ids.length) return [];
    return (await this.db.ticket.findMany({ where: { id: { in: [...ids] } } })).map(toTicket);
  }

  async listOpen(filter: TicketFilter = {}) {
    const rows = await this.db.ticket.findMany({
      where: { status: { in: [...TICKET_OPEN_STATUSES] }, ...filter },
      orderBy: { id: 'asc' },
    });
    return rows.map(toTicket);
  }
}
