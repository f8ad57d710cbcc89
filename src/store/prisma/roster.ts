import type { RosterEntry, RosterEntryInput, RosterKind, RosterQuery, RosterStore, ShiftChange, ShiftChangeInput, ShiftChangeKind, ShiftChangeStatus, ShiftPattern } from '../types/index.js';
import type { Db } from './client.js';

type EntryRow = Omit<RosterEntry, 'kind' | 'source'> & { kind: string; source: string; createdAt: Date };
const toEntry = ({ createdAt: _, ...r }: EntryRow): RosterEntry => ({ ...r, kind: r.kind as RosterKind, source: r.source as RosterEntry['source'] });

type ChangeRow = Omit<ShiftChange, 'kind' | 'status'> & { kind: string; status: string; inboundId: number | null };
const toChange = ({ inboundId: _, ...r }: ChangeRow): ShiftChange => ({ ...r, kind: r.kind as ShiftChangeKind, status: r.status as ShiftChangeStatus });

const scope = (q: RosterQuery = {}) => ({
  ...(q.propertyId !== undefined ? { propertyId: q.propertyId } : {}),
  ...(q.team !== undefined ? { team: q.team } : {}),
  ...(q.personId !== undefined ? { personId: q.personId } : {}),
  ...(q.involving !== undefined ? { OR: [{ personId: q.involving }, { coversPersonId: q.involving }] } : {}),
});

export class PrismaRosterStore implements RosterStore {
  constructor(private readonly db: Db) {}

  async patterns() {
    return this.db.shiftPattern.findMany({ orderBy: [{ propertyId: 'asc' }, { team: 'asc' }, { startMinute: 'asc' }], select: { propertyId: true, team: true, name: true, startMinute: true, endMinute: true } });
  }

  async setPattern(p: ShiftPattern) {
    const key = { propertyId: p.propertyId, team: p.team, name: p.name };
    await this.db.shiftPattern.upsert({ where: { propertyId_team_name: key }, create: p, update: { startMinute: p.startMinute, endMinute: p.endMinute } });
  }

  async replaceImported(entries: readonly RosterEntryInput[]) {
    const days = new Map<string, { propertyId: number; date: string }>();
    for (const e of entries) days.set(`${e.propertyId}|${e.date}`, { propertyId: e.propertyId, date: e.date });
    let removed = 0;
    for (const d of days.values()) removed += (await this.db.rosterEntry.deleteMany({ where: { ...d, source: 'import' } })).count;
    let written = 0;
    for (const e of entries) {
      const key = { propertyId: e.propertyId, team: e.team, date: e.date, shift: e.shift, personId: e.personId };
      await this.db.rosterEntry.upsert({ where: { propertyId_team_date_shift_personId: key }, create: e, update: e });
      written++;
    }
    return { written, removed };
  }

  async add(entry: RosterEntryInput) {
    return toEntry(await this.db.rosterEntry.create({ data: entry }));
  }

  async between(from: Date, to: Date, q?: RosterQuery) {
    const rows = await this.db.rosterEntry.findMany({ where: { startsAt: { lt: to }, endsAt: { gt: from }, ...scope(q) }, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] });
    return rows.map(toEntry);
  }

  async endedBetween(from: Date, to: Date) {
    const rows = await this.db.rosterEntry.findMany({ where: { endsAt: { gte: from, lt: to } }, orderBy: [{ endsAt: 'asc' }, { id: 'asc' }] });
    return rows.map(toEntry);
  }

  async hasAny(propertyId: number) {
    return (await this.db.rosterEntry.findFirst({ where: { propertyId }, select: { id: true } })) !== null;
  }

  async remove(id: number) {
    await this.db.rosterEntry.deleteMany({ where: { id } });
  }

  async createChange(input: ShiftChangeInput) {
    return toChange(await this.db.shiftChange.create({ data: input }));
  }

  async getChange(id: number) {
    const r = await this.db.shiftChange.findUnique({ where: { id } });
    return r ? toChange(r) : null;
  }

  async decideChange(id: number, status: Exclude<ShiftChangeStatus, 'pending'>, by: number | null, at: Date) {
    const { count } = await this.db.shiftChange.updateMany({ where: { id, status: 'pending' }, data: { status, approverId: by, decidedAt: at } });
    return count ? this.getChange(id) : null;
  }

  async pendingChanges(q: { requesterId?: number } = {}) {
    const rows = await this.db.shiftChange.findMany({ where: { status: 'pending', ...(q.requesterId !== undefined ? { requesterId: q.requesterId } : {}) }, orderBy: { id: 'asc' } });
    return rows.map(toChange);
  }
}
