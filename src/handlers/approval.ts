// Who approves a request that climbs the chain like a leave (请假; a later 换班 uses the same): the level it needs,
// whether a person may decide it, and whom to ask. One decision function, mayApprove, serves the 批准/驳回 check, the
// approval push, the SLA reminders and the daily digest, so they can never disagree. docs/desk-rules.md#leave-approval-levels
//
// The chain: team lead (own team only) → supervisor (主管) → manager (经理) → the top approver (总经理, LEAVE_TOP_APPROVER).
// Nobody decides their own request; a level is always above the requester; when no top approver is configured the
// managers are the top of the chain (one manager's leave goes to another manager).
import type { LeavePolicy } from '../config.js';
import type { ApproverLevel, PeopleStore, Person } from '../store/index.js';
import { check } from './roles.js';

export const LEVEL_ZH: Record<ApproverLevel, string> = { lead: '组长', supervisor: '主管', manager: '经理', top: '总经理' };
const LEVEL_RANK: Record<ApproverLevel, number> = { lead: 2, supervisor: 3, manager: 4, top: 5 };
/** The level right above a role: a lead's leave goes to a supervisor, a manager's to the top. */
const ABOVE: Record<Person['role'], ApproverLevel> = { resident: 'lead', staff: 'lead', lead: 'supervisor', supervisor: 'manager', manager: 'top' };
const ROLE_LEVEL: Partial<Record<Person['role'], ApproverLevel>> = { lead: 'lead', supervisor: 'supervisor', manager: 'manager' };

/** The people who could decide, and the configured top of the chain. */
export interface ApprovalChain {
  /** Active, verified staff of every role. */
  people: Person[];
  /** The top approver (总经理); null when not configured or not found (then the managers are the top). */
  top: Person | null;
  /** LEAVE_TOP_APPROVER as configured, also when it names nobody (the message then says so). */
  topRef: string | null;
}

export async function loadChain(people: PeopleStore, policy: Pick<LeavePolicy, 'topApprover'>): Promise<ApprovalChain> {
  const staff = (await people.list()).filter((p) => p.active && p.verified && p.role !== 'resident');
  const found = policy.topApprover ? await people.find(policy.topApprover) : null;
  const top = found && found.active && found.verified ? found : null;
  return { people: staff, top, topRef: policy.topApprover };
}

/** What is to be decided: whose request it is, the level it needs, and how a refusal names it (请假#3 共2天). */
export interface ApprovalSubject {
  requester: Pick<Person, 'id' | 'name' | 'role' | 'team'>;
  level: ApproverLevel;
  label: string;
}

/** The lowest level that may decide `days` for this requester: by length, and always above the requester. */
export function requiredLevel(days: number, requester: Pick<Person, 'id' | 'role'>, policy: Pick<LeavePolicy, 'leadMaxDays' | 'supervisorMaxDays' | 'managerMaxDays'>, top: Pick<Person, 'id'> | null = null): ApproverLevel {
  const byLength: ApproverLevel =
    days <= policy.leadMaxDays ? 'lead' : days <= policy.supervisorMaxDays ? 'supervisor' : policy.managerMaxDays === 0 || days <= policy.managerMaxDays ? 'manager' : 'top';
  const above: ApproverLevel = top?.id === requester.id ? 'top' : ABOVE[requester.role];
  return LEVEL_RANK[above] > LEVEL_RANK[byLength] ? above : byLength;
}

const isTop = (p: Pick<Person, 'id'>, chain: ApprovalChain) => chain.top?.id === p.id;

/** May `p` decide it? null when yes, else the polite refusal. */
export function mayApprove(p: Person, s: ApprovalSubject, chain: ApprovalChain): string | null {
  if (p.id === s.requester.id) return '不能审批本人的请假，请由上级审批。';
  if (isTop(p, chain) && p.active && p.verified) return null;
  const denied = check('leave.decide', p);
  if (denied) return denied;
  if (s.level === 'top' && chain.top) return `${s.label}，需由总经理${chain.top.name}审批，您无权审批。`;
  // Without a configured top approver the managers are the top of the chain.
  const level = s.level === 'top' ? 'manager' : s.level;
  const mine = ROLE_LEVEL[p.role];
  if (!mine || LEVEL_RANK[mine] < LEVEL_RANK[level]) return `${s.label}，需由${LEVEL_ZH[level]}或以上审批，您无权审批。`;
  // A team lead decides only for their own team; supervisors and managers for everyone.
  if (p.role === 'lead' && (!p.team || p.team !== s.requester.team)) return `${s.label}，需由${s.requester.team ?? '本'}组组长或主管审批。`;
  return null;
}

export interface Approvers {
  /** Everyone who may decide, lowest level first, one tier per level: leads, supervisors, managers, the top. */
  tiers: Person[][];
  /** The lowest tier: asked when the request is made. */
  first: Person[];
  all: Person[];
}

/** eligibleApprovers: who may decide the request, by tier. The same rule as mayApprove (it is built on it). */
export function eligibleApprovers(s: ApprovalSubject, chain: ApprovalChain): Approvers {
  const may = chain.people.filter((p) => mayApprove(p, s, chain) === null && !isTop(p, chain));
  const tiers = [
    may.filter((p) => p.role === 'lead'),
    may.filter((p) => p.role === 'supervisor'),
    may.filter((p) => p.role === 'manager'),
    chain.top && mayApprove(chain.top, s, chain) === null ? [chain.top] : [],
  ].filter((t) => t.length > 0);
  return { tiers, first: tiers[0] ?? [], all: tiers.flat() };
}

/**
 * The people an SLA alert of `level` goes to, climbing like every other clock: 0–1 (warning, breach) the first tier,
 * 2 the next tier up, 3 the one above that (or the highest there is).
 */
export const alertTiers = (a: Approvers, level: number): Person[] => (level <= 1 ? a.tiers[0] : a.tiers[Math.min(level - 1, 2)] ?? a.tiers.at(-1)) ?? [];

/** How the needed level reads: 组长 / 主管 / 经理 / 总经理王总 (or 经理, when no top approver is configured). */
export function levelName(level: ApproverLevel, chain: ApprovalChain): string {
  if (level !== 'top') return LEVEL_ZH[level];
  return chain.top ? `总经理${chain.top.name}` : '总经理（未配置时由经理）';
}

/** When nobody may decide: whom the requester should ask instead, and what is missing (for the alert). */
export function nobodyToAsk(s: ApprovalSubject, chain: ApprovalChain): { ask: string; missing: string } {
  if (chain.top && chain.top.id === s.requester.id) return { ask: '请直接向上级公司（集团）负责人请假', missing: `${s.requester.name}是配置的最高审批人（LEAVE_TOP_APPROVER），上面没有可以审批的人` };
  if (s.level === 'top' || s.level === 'manager') {
    const missing = chain.topRef && !chain.top ? `配置的总经理「${chain.topRef}」不在人员名单中（或未核实、已停用）` : '没有配置总经理（LEAVE_TOP_APPROVER），也没有其他经理';
    return { ask: '请直接向总经理当面或电话请假', missing };
  }
  return { ask: `请直接向${s.requester.team ?? ''}${s.requester.team ? '组的' : ''}上级（主管或经理）当面请假`, missing: `没有可以审批的${LEVEL_ZH[s.level]}、主管或经理` };
}
