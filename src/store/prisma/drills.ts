import type { Drill, DrillInput, DrillStatus, DrillStore } from '../types/index.js';
import type { Db } from './client.js';

type Raw = Omit<Drill, 'status'> & { status: string; updatedAt?: Date };
const toDrill = ({ updatedAt: _u, ...r }: Raw): Drill => ({ ...r, status: r.status as DrillStatus });
const soonest = [{ dueAt: 'asc' as const }, { id: 'asc' as const }];

export class PrismaDrillStore implements DrillStore {
  constructor(private readonly db: Db) {}

  async create(input: DrillInput) {
    return toDrill(await this.db.drill.create({ data: { ...input, status: 'open' } }));
  }

  async get(id: number) {
    const r = await this.db.drill.findUnique({ where: { id } });
    return r ? toDrill(r) : null;
  }

  async complete(id: number, patch: { result: string; completedById: number; completedAt: Date }) {
    const { count } = await this.db.drill.updateMany({ where: { id, status: 'open' }, data: { ...patch, status: 'done' } });
    return count === 0 ? null : this.get(id);
  }

  async replace(id: number) {
    const { count } = await this.db.drill.updateMany({ where: { id, status: 'open' }, data: { status: 'replaced' } });
    return count > 0;
  }

  async listOpen(limit?: number, propertyIds?: readonly number[]) {
    const where = { status: 'open', ...(propertyIds ? { propertyId: { in: [...propertyIds] } } : {}) };
    const rows = await this.db.drill.findMany({ where, orderBy: soonest, ...(limit ? { take: limit } : {}) });
    return rows.map(toDrill);
  }

  async openDueBetween(after: Date, until: Date) {
    const rows = await this.db.drill.findMany({ where: { status: 'open', dueAt: { gt: after, lte: until } }, orderBy: soonest });
    return rows.map(toDrill);
  }

  async openOfKind(kind: string, propertyId?: number) {
    const rows = await this.db.drill.findMany({ where: { status: 'open', kind, ...(propertyId !== undefined ? { propertyId } : {}) }, orderBy: soonest });
    return rows.map(toDrill);
  }

  async byIds(ids: readonly number[]) {
    if (!ids.length) return [];
    return (await this.db.drill.findMany({ where: { id: { in: [...ids] } } })).map(toDrill);
  }

  async nextOf(id: number) {
    const r = await this.db.drill.findUnique({ where: { previousId: id } });
    return r ? toDrill(r) : null;
  }
}
