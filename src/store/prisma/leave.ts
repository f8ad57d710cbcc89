import type { ApproverLevel, Half, LeaveEnd, LeaveInput, LeaveKind, LeaveMediaInput, LeaveRequest, LeaveStatus, LeaveStore } from '../types/index.js';
import type { Db } from './client.js';

type Raw = Omit<LeaveRequest, 'leaveType' | 'status' | 'approverRole' | 'startHalf' | 'endHalf' | 'askedIds' | 'plannedEnd'> & {
  leaveType: string;
  status: string;
  approverRole: string;
  startHalf: string;
  endHalf: string;
  askedIds: string;
  plannedEnd: string | null;
  propertyId?: number;
  updatedAt?: Date;
};

const toLeave = ({ updatedAt: _u, propertyId: _p, ...r }: Raw): LeaveRequest => ({
  ...r,
  leaveType: r.leaveType as LeaveKind,
  status: r.status as LeaveStatus,
  approverRole: r.approverRole as ApproverLevel,
  startHalf: r.startHalf as Half,
  endHalf: r.endHalf as Half,
  askedIds: r.askedIds ? r.askedIds.split(',').map(Number) : [],
  plannedEnd: r.plannedEnd ? (JSON.parse(r.plannedEnd) as LeaveEnd) : null,
});

const endOf = (l: LeaveEnd): LeaveEnd => ({ endDate: l.endDate, endHalf: l.endHalf, endTime: l.endTime, days: l.days, minutes: l.minutes });

export class PrismaLeaveStore implements LeaveStore {
  constructor(private readonly db: Db) {}

  async create({ askedIds, ...input }: LeaveInput) {
    return toLeave(await this.db.leaveRequest.create({ data: { ...input, askedIds: askedIds.join(','), status: 'pending' } }));
  }

  async get(id: number) {
    const r = await this.db.leaveRequest.findUnique({ where: { id } });
    return r ? toLeave(r) : null;
  }

  async transition(id: number, from: LeaveStatus, to: LeaveStatus, patch: Partial<Pick<LeaveRequest, 'approverId' | 'decidedAt' | 'returnedAt'>> = {}) {
    const { count } = await this.db.leaveRequest.updateMany({ where: { id, status: from }, data: { ...patch, status: to } });
    return count === 0 ? null : this.get(id);
  }

  async returnEarly(id: number, end: LeaveEnd, at: Date) {
    const before = await this.get(id);
    if (!before || before.status !== 'approved') return null;
    const { count } = await this.db.leaveRequest.updateMany({
      where: { id, status: 'approved' },
      data: { ...endOf(end), status: 'returned', returnedAt: at, plannedEnd: JSON.stringify(endOf(before)) },
    });
    return count === 0 ? null : this.get(id);
  }

  async setDue(id: number, approvalDueAt: Date) {
    await this.db.leaveRequest.update({ where: { id }, data: { approvalDueAt } });
  }

  async listPending() {
    return (await this.db.leaveRequest.findMany({ where: { status: 'pending' }, orderBy: { id: 'asc' } })).map(toLeave);
  }

  async byIds(ids: readonly number[]) {
    if (!ids.length) return [];
    return (await this.db.leaveRequest.findMany({ where: { id: { in: [...ids] } } })).map(toLeave);
  }

  async listFor(personId: number, status?: LeaveStatus) {
    const rows = await this.db.leaveRequest.findMany({ where: { personId, ...(status ? { status } : {}) }, orderBy: { id: 'asc' } });
    return rows.map(toLeave);
  }

  async addMedia(rows: LeaveMediaInput[], at: Date) {
    let added = 0;
    for (const r of rows) {
      const seen = await this.db.leaveMedia.findUnique({ where: { inboundId_ref: { inboundId: r.inboundId, ref: r.ref } } });
      if (seen) continue;
      await this.db.leaveMedia.create({ data: { ...r, createdAt: at } });
      added++;
    }
    return added;
  }

  async imageCount(leaveId: number) {
    return this.db.leaveMedia.count({ where: { leaveId, kind: 'image' } });
  }
}
