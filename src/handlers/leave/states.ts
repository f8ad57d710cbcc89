// 请假 (leave) states: 待审批 → 已批准 / 已驳回 → 已销假, or 已撤回; how a request reads.
import type { LeaveKind, LeaveRequest, LeaveStatus, Person } from '../../store/index.js';
import type { AlertItem } from '../sla/alert-item.js';
import { dateRange } from '../format.js';

export const LEAVE_STATUS_ZH: Record<LeaveStatus, string> = {
  pending: '待审批',
  approved: '已批准',
  rejected: '已驳回',
  returned: '已销假',
  withdrawn: '已撤回',
};

export const LEAVE_TYPE_ZH: Record<LeaveKind, string> = { personal: '事假', sick: '病假', annual: '年假', other: '请假' };

/** 事假 11月24日（1天） */
export function leaveLine(l: Pick<LeaveRequest, 'leaveType' | 'startDate' | 'endDate' | 'days'>): string {
  return `${LEAVE_TYPE_ZH[l.leaveType]} ${dateRange(l.startDate, l.endDate)}（${l.days}天）`;
}

/** The SLA item a request's approval clock belongs to. */
export const leaveItem = (l: Pick<LeaveRequest, 'id'>) => ({ type: 'leave' as const, id: l.id });

/** A request waiting for approval, as an SLA alert describes it. */
export function leaveAlert(l: LeaveRequest, requester: Pick<Person, 'name' | 'team'> | null): AlertItem {
  const summary = `${requester?.name ?? ''} ${dateRange(l.startDate, l.endDate)} 共${l.days}天`.trim();
  return {
    ref: `请假#${l.id}`,
    summary,
    groupSummary: summary,
    recusedId: null,
    ownerId: l.approverId,
    team: requester?.team ?? null,
    open: l.status === 'pending',
    label: () => '审批',
    action: () => `批准 #${l.id} 或 驳回 #${l.id} 原因`,
  };
}
