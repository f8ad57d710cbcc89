import type { LeaveInput, LeaveKind, LeaveRequest, LeaveStatus, LeaveStore, Role } from '../types/index.js';
import type { Db } from './client.js';

type Raw = Omit<LeaveRequest, 'leaveType' | 'status' | 'approverRole'> & { leaveType: string; status: string; approverRole: string; updatedAt?: Date };
const toLeave = ({ updatedAt: _u, ...r }: Raw): LeaveRequest => ({
  ...r,
  leaveType: r.leaveType as LeaveKind,
  status: r.status as LeaveStatus,
  approverRole: r.approverRole as Role,
});

export class PrismaLeaveStore implements LeaveStore {
  constructor(private readonly db: Db) {}

  async create(input: LeaveInput) {
    return toLeave(await this.db.leaveRequest.create({ data: { ...input, status: 'pending' } }));
  }

  async get(id: number) {
    const r = await this.db.leaveRequest.findUnique({ where: { id } });
    return r ? toLeave(r) : null;
  }

  async transition(id: number, from: LeaveStatus, to: LeaveStatus, patch: Partial<Pick<LeaveRequest, 'approverId' | 'decidedAt'>> = {}) {
    const { count } = await this.db.leaveRequest.updateMany({ where: { id, status: from }, data: { ...patch, status: to } });
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
}
