import type { Handover, HandoverInput, HandoverItem, HandoverStatus, HandoverStore } from '../types/index.js';
import type { Db } from './client.js';

type Raw = Omit<Handover, 'status' | 'items'> & { status: string; items: HandoverItem[] };
const toHandover = (r: Raw): Handover => ({ ...r, status: r.status as HandoverStatus, items: [...r.items].sort((a, b) => a.id - b.id) });
const withItems = { items: true } as const;

export class PrismaHandoverStore implements HandoverStore {
  constructor(private readonly db: Db) {}

  async create(input: HandoverInput) {
    const { items, ...rest } = input;
    const r = await this.db.handover.create({ data: { ...rest, status: 'pending', items: { create: items } }, include: withItems });
    return toHandover(r);
  }

  async handedOverSince(personId: number, since: Date) {
    return (await this.db.handover.findFirst({ where: { outgoingId: personId, createdAt: { gte: since } }, select: { id: true } })) !== null;
  }

  async get(id: number) {
    const r = await this.db.handover.findUnique({ where: { id }, include: withItems });
    return r ? toHandover(r) : null;
  }

  async pendingForTeam(team: string | null, propertyId?: number) {
    const rows = await this.db.handover.findMany({ where: { status: 'pending', team, ...(propertyId !== undefined ? { propertyId } : {}) }, orderBy: { id: 'asc' }, include: withItems });
    return rows.map(toHandover);
  }

  async confirm(id: number, incomingId: number, at: Date) {
    const { count } = await this.db.handover.updateMany({ where: { id, status: 'pending' }, data: { status: 'confirmed', incomingId, confirmedAt: at } });
    return count === 0 ? null : this.get(id);
  }

  async listPending() {
    return (await this.db.handover.findMany({ where: { status: 'pending' }, orderBy: { id: 'asc' }, include: withItems })).map(toHandover);
  }

  async byIds(ids: readonly number[]) {
    if (!ids.length) return [];
    return (await this.db.handover.findMany({ where: { id: { in: [...ids] } }, include: withItems })).map(toHandover);
  }

  async createdBetween(from: Date, to: Date) {
    const rows = await this.db.handover.findMany({ where: { createdAt: { gte: from, lt: to } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], include: withItems });
    return rows.map(toHandover);
  }

  async setDue(id: number, confirmDueAt: Date) {
    await this.db.handover.update({ where: { id }, data: { confirmDueAt } });
  }
}
