// 请假 (leave) states: 待审批 → 已批准 / 已驳回 → 已销假, or 已撤回; how a request reads, and who decides it.
import type { LeaveKind, LeaveRequest, LeaveStatus, Person } from '../../store/index.js';
import { eligibleApprovers, alertTiers, type ApprovalChain, type ApprovalSubject, type Approvers } from '../approval.js';
import type { AlertItem } from '../sla/alert-item.js';
import { lengthText, spanText } from './span.js';

export const LEAVE_STATUS_ZH: Record<LeaveStatus, string> = {
  pending: '待审批',
  approved: '已批准',
  rejected: '已驳回',
  returned: '已销假',
  withdrawn: '已撤回',
};

export const LEAVE_TYPE_ZH: Record<LeaveKind, string> = { personal: '事假', sick: '病假', annual: '年假', other: '请假' };

type Line = Pick<LeaveRequest, 'leaveType' | 'startDate' | 'startHalf' | 'startTime' | 'endDate' | 'endHalf' | 'endTime' | 'days' | 'minutes'>;

/** 12月3日下午（0.5天） */
export const leaveWhen = (l: Omit<Line, 'leaveType'>): string => `${spanText(l)}（${lengthText(l)}）`;

/** 事假 12月3日下午（0.5天） */
export const leaveLine = (l: Line): string => `${LEAVE_TYPE_ZH[l.leaveType]} ${leaveWhen(l)}`;

/** The SLA item a request's approval clock belongs to. */
export const leaveItem = (l: Pick<LeaveRequest, 'id'>) => ({ type: 'leave' as const, id: l.id });

/** The request as the approval rules see it (approval.ts). */
export function leaveSubject(l: Pick<LeaveRequest, 'id' | 'approverRole' | 'days' | 'minutes'>, requester: Pick<Person, 'id' | 'name' | 'role' | 'team'>): ApprovalSubject {
  return { requester, level: l.approverRole, label: `请假#${l.id} 共${lengthText(l)}` };
}

/** Who may decide it now, by tier; none when the requester is no longer in the directory. */
export function leaveApprovers(l: LeaveRequest, requester: Person | null, chain: ApprovalChain): Approvers {
  return requester ? eligibleApprovers(leaveSubject(l, requester), chain) : { tiers: [], first: [], all: [] };
}

/** A request waiting for approval, as an SLA alert describes it: only the people who may decide it are alerted. */
export function leaveAlert(l: LeaveRequest, requester: Pick<Person, 'name' | 'team'> | null, approvers: Approvers): AlertItem {
  const summary = `${requester?.name ?? ''} ${leaveWhen(l)}`.trim();
  return {
    ref: `请假#${l.id}`,
    summary,
    groupSummary: summary,
    recusedId: l.personId,
    ownerId: null,
    ownerLabel: approvers.first.map((p) => p.name).join('、') || undefined,
    team: requester?.team ?? null,
    open: l.status === 'pending',
    audience: (level) => alertTiers(approvers, level).map((p) => p.id),
    label: () => '审批',
    action: () => `批准 #${l.id} 或 驳回 #${l.id} 原因`,
  };
}
