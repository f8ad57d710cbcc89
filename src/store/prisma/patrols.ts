import type { PatrolResult, PatrolRound, PatrolSlotInput, PatrolStatus, PatrolStore } from '../types/index.js';
import type { Db } from './client.js';

/** A round opened without a property belongs to the default one (property 1). */
const DEFAULT_PROPERTY = 1;

type Raw = Omit<PatrolRound, 'status' | 'result'> & { status: string; result: string | null; updatedAt?: Date };
const toRound = ({ updatedAt: _u, ...r }: Raw): PatrolRound => ({ ...r, status: r.status as PatrolStatus, result: r.result as PatrolResult | null });
const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';

export class PrismaPatrolStore implements PatrolStore {
  constructor(private readonly db: Db) {}

  async open(input: PatrolSlotInput) {
    const propertyId = input.propertyId ?? DEFAULT_PROPERTY;
    const found = await this.bySlot(input.kind, input.slotStart, propertyId);
    if (found) return { round: found, created: false };
    try {
      return { round: toRound(await this.db.patrolRound.create({ data: { ...input, propertyId, status: 'open' } })), created: true };
    } catch (err) {
      // Someone opened the same slot between the read and the insert: theirs is the round.
      const theirs = isUniqueViolation(err) ? await this.bySlot(input.kind, input.slotStart, propertyId) : null;
      if (!theirs) throw err;
      return { round: theirs, created: false };
    }
  }

  async get(id: number) {
    const r = await this.db.patrolRound.findUnique({ where: { id } });
    return r ? toRound(r) : null;
  }

  async bySlot(kind: string, slotStart: Date, propertyId = DEFAULT_PROPERTY) {
    const r = await this.db.patrolRound.findUnique({ where: { propertyId_kind_slotStart: { propertyId, kind, slotStart } } });
    return r ? toRound(r) : null;
  }

  async complete(id: number, patch: { result: PatrolResult; note: string | null; doneById: number; doneAt: Date }) {
    const { count } = await this.db.patrolRound.updateMany({ where: { id, status: 'open' }, data: { ...patch, status: 'done' } });
    return count === 0 ? null : this.get(id);
  }

  async openEndedBy(now: Date) {
    const rows = await this.db.patrolRound.findMany({ where: { status: 'open', slotEnd: { lte: now } }, orderBy: [{ slotEnd: 'asc' }, { id: 'asc' }] });
    return rows.map(toRound);
  }

  async markMissed(id: number) {
    const { count } = await this.db.patrolRound.updateMany({ where: { id, status: 'open' }, data: { status: 'missed' } });
    return count > 0;
  }

  async linkTicket(id: number, ticketId: number) {
    const { count } = await this.db.patrolRound.updateMany({ where: { id, ticketId: null }, data: { ticketId } });
    return count > 0;
  }

  async startingBetween(from: Date, to: Date) {
    const rows = await this.db.patrolRound.findMany({ where: { slotStart: { gte: from, lt: to } }, orderBy: [{ slotStart: 'asc' }, { id: 'asc' }] });
    return rows.map(toRound);
  }
}
