// The permission table itself, role by role (pure: no database).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { check, checkLeaveDecision, leaveApproverRole, RECUSAL, type Action } from '../../src/handlers/roles.js';
import type { LeaveRequest, Person, Role } from '../../src/store/index.js';

let nextId = 1;
const person = (role: Role, team: string | null = null): Person => ({ id: nextId++, name: `${role}-${team}`, role, team, phone: null, active: true, verified: true, accounts: {}, properties: [] });

const resident = person('resident');
const desk = person('staff', '客服');
const engineer = person('staff', '工程');
const guard = person('staff', '保安');
const newcomer = person('staff', null); // unknown sender registered by the dispatcher
const engLead = person('lead', '工程');
const deskLead = person('lead', '客服');
const supervisor = person('supervisor', '客服');
const manager = person('manager');
const all = { resident, desk, engineer, guard, newcomer, engLead, deskLead, supervisor, manager };
type Who = keyof typeof all;

// action → who is allowed without any relation to the item (everyone else is refused).
const table: Array<[Action, Who[]]> = [
  ['repair.create', ['resident', 'desk', 'engineer', 'guard', 'newcomer', 'engLead', 'deskLead', 'supervisor', 'manager']],
  ['repair.dispatch', ['desk', 'engLead', 'deskLead', 'supervisor', 'manager']],
  ['repair.accept', []], // only the ticket's team: see the relations below
  ['repair.arrive', []],
  ['repair.complete', []],
  ['repair.followup', ['desk', 'deskLead', 'supervisor', 'manager']],
  ['repair.close', ['desk', 'engLead', 'deskLead', 'supervisor', 'manager']],
  ['repair.cancel', ['engLead', 'deskLead', 'supervisor', 'manager']],
  ['complaint.create', ['resident', 'desk', 'engineer', 'guard', 'newcomer', 'engLead', 'deskLead', 'supervisor', 'manager']],
  ['complaint.handle', ['desk', 'deskLead', 'supervisor', 'manager']],
  ['complaint.invalid', ['deskLead', 'supervisor', 'manager']],
  ['complaint.followup', ['desk', 'deskLead', 'supervisor', 'manager']],
  ['complaint.close', ['desk', 'deskLead', 'supervisor', 'manager']],
  ['ticket.view', ['desk', 'engineer', 'guard', 'newcomer', 'engLead', 'deskLead', 'supervisor', 'manager']],
  ['leave.request', ['desk', 'engineer', 'guard', 'newcomer', 'engLead', 'deskLead', 'supervisor', 'manager']],
  ['leave.decide', ['engLead', 'deskLead', 'supervisor', 'manager']],
  ['leave.own', []],
  ['handover.create', ['desk', 'engineer', 'guard', 'newcomer', 'engLead', 'deskLead']],
  ['handover.confirm', ['desk', 'engineer', 'guard', 'newcomer', 'engLead', 'deskLead']],
  ['ticket.categorize', ['desk', 'deskLead', 'supervisor', 'manager']],
  ['ticket.appoint', ['desk', 'engLead', 'deskLead', 'supervisor', 'manager']],
  ['inquiry.handle', ['desk', 'deskLead', 'supervisor', 'manager']],
  ['person.verify', ['engLead', 'deskLead', 'supervisor', 'manager']],
];

describe('roles table', () => {
  it.each(table)('%s', (action, allowed) => {
    for (const [name, p] of Object.entries(all)) {
      const verdict = check(action, p);
      if (allowed.includes(name as Who)) expect(verdict, `${name} should be allowed`).toBeNull();
      else expect(verdict, `${name} should be refused`).toMatch(/^抱歉/);
    }
  });

  it('relations grant: the reporter, the assignee, the requester', () => {
    expect(check('ticket.view', resident, { reporterId: resident.id })).toBeNull();
    expect(check('repair.followup', resident, { reporterId: resident.id })).toBeNull();
    expect(check('repair.cancel', resident, { reporterId: resident.id })).toBeNull();
    expect(check('repair.complete', engineer, { assigneeId: engineer.id })).toBeNull();
    expect(check('repair.complete', engLead, { assigneeId: engineer.id })).not.toBeNull();
    expect(check('leave.own', guard, { requesterId: guard.id })).toBeNull();
    // 接单: the staff and lead of the team the ticket was routed to (工程 for a leak, 保安 for a parking matter …).
    expect(check('repair.accept', engineer, { team: '工程' })).toBeNull();
    expect(check('repair.accept', engLead, { team: '工程' })).toBeNull();
    expect(check('repair.accept', guard, { team: '工程' })).not.toBeNull();
    expect(check('repair.accept', engineer, { team: '保安' })).not.toBeNull();
    expect(check('repair.accept', guard, { team: '保安' })).toBeNull();
    expect(check('ticket.appoint', engineer, { assigneeId: engineer.id })).toBeNull();
  });

  it('the accused is recused whatever their role', () => {
    for (const a of ['complaint.handle', 'complaint.invalid', 'complaint.followup', 'complaint.close'] as const) {
      expect(check(a, supervisor, { accusedId: supervisor.id })).toBe(RECUSAL);
      expect(check(a, manager, { accusedId: supervisor.id })).toBeNull();
    }
  });
});

describe('leave approval level', () => {
  it.each([
    [1, 'staff', 'lead'],
    [2, 'staff', 'supervisor'],
    [3, 'staff', 'supervisor'],
    [4, 'staff', 'manager'],
    [1, 'lead', 'supervisor'],
    [1, 'supervisor', 'manager'],
    [1, 'manager', 'manager'],
  ] as const)('%i day(s) for a %s → %s', (days, role, approver) => {
    expect(leaveApproverRole(days, role, loadConfig({}).leave)).toBe(approver);
  });

  it('follows the configured lengths (LEAVE_LEAD_MAX_DAYS, LEAVE_SUPERVISOR_MAX_DAYS)', () => {
    const policy = loadConfig({ LEAVE_LEAD_MAX_DAYS: '2', LEAVE_SUPERVISOR_MAX_DAYS: '5' }).leave;
    expect(leaveApproverRole(2, 'staff', policy)).toBe('lead');
    expect(leaveApproverRole(5, 'staff', policy)).toBe('supervisor');
    expect(leaveApproverRole(6, 'staff', policy)).toBe('manager');
  });

  const leave = (personId: number, days: number, approverRole: Role): LeaveRequest => ({
    id: 9, personId, leaveType: 'personal', startDate: '2026-11-24', endDate: '2026-11-24', days, reason: null, status: 'pending',
    approverRole, approverId: null, certificateRequired: false, decidedAt: null, approvalDueAt: null, inboundId: null, createdAt: new Date(0),
  });

  it('refuses self-approval, staff, a level too low and a lead of another team', () => {
    expect(checkLeaveDecision(engLead, leave(engLead.id, 1, 'supervisor'), engLead)).toMatch(/不能审批本人/);
    expect(checkLeaveDecision(desk, leave(engineer.id, 1, 'lead'), engineer)).toMatch(/员工不能审批请假/);
    expect(checkLeaveDecision(engLead, leave(engineer.id, 2, 'supervisor'), engineer)).toMatch(/需由主管或以上审批/);
    expect(checkLeaveDecision(deskLead, leave(engineer.id, 1, 'lead'), engineer)).toMatch(/工程组组长或主管/);
    expect(checkLeaveDecision(engLead, leave(engineer.id, 1, 'lead'), engineer)).toBeNull();
    expect(checkLeaveDecision(manager, leave(engineer.id, 1, 'lead'), engineer)).toBeNull();
  });
});
