// The permission table itself, role by role (pure: no database).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { eligibleApprovers, mayApprove, requiredLevel, type ApprovalChain } from '../../src/handlers/approval.js';
import { check, RECUSAL, type Action } from '../../src/handlers/roles.js';
import type { ApproverLevel, Person, Role } from '../../src/store/index.js';

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

describe('leave approval level (approval.ts)', () => {
  const policy = loadConfig({}).leave;
  it.each([
    [1, 'staff', 'lead'],
    [0.5, 'staff', 'lead'],
    [1.5, 'staff', 'supervisor'],
    [2, 'staff', 'supervisor'],
    [3, 'staff', 'supervisor'],
    [3.5, 'staff', 'manager'],
    [4, 'staff', 'manager'],
    [30, 'staff', 'manager'],
    [1, 'lead', 'supervisor'],
    [1, 'supervisor', 'manager'],
    [1, 'manager', 'top'],
  ] as const)('%s day(s) for a %s → %s', (days, role, level) => {
    expect(requiredLevel(days, { id: 999, role }, policy)).toBe(level);
  });

  it('follows the configured lengths (LEAVE_LEAD_MAX_DAYS, LEAVE_SUPERVISOR_MAX_DAYS, LEAVE_MANAGER_MAX_DAYS)', () => {
    const p = loadConfig({ LEAVE_LEAD_MAX_DAYS: '2', LEAVE_SUPERVISOR_MAX_DAYS: '5', LEAVE_MANAGER_MAX_DAYS: '10' }).leave;
    expect(requiredLevel(2, { id: 999, role: 'staff' }, p)).toBe('lead');
    expect(requiredLevel(5, { id: 999, role: 'staff' }, p)).toBe('supervisor');
    expect(requiredLevel(6, { id: 999, role: 'staff' }, p)).toBe('manager');
    expect(requiredLevel(10.5, { id: 999, role: 'staff' }, p)).toBe('top');
    // The top approver's own leave has nobody above it in the chain.
    expect(requiredLevel(1, { id: manager.id, role: 'manager' }, p, manager)).toBe('top');
  });

  const chain = (top: Person | null = null): ApprovalChain => ({ people: Object.values(all).filter((p) => p.role !== 'resident'), top, topRef: top?.name ?? null });
  const subject = (requester: Person, level: ApproverLevel, days = 1) => ({ requester, level, label: `请假#9 共${days}天` });

  it('refuses self-approval, staff, a level too low and a lead of another team', () => {
    expect(mayApprove(engLead, subject(engLead, 'supervisor'), chain())).toMatch(/不能审批本人/);
    expect(mayApprove(desk, subject(engineer, 'lead'), chain())).toMatch(/员工不能审批请假/);
    expect(mayApprove(engLead, subject(engineer, 'supervisor', 2), chain())).toMatch(/共2天，需由主管或以上审批/);
    expect(mayApprove(deskLead, subject(engineer, 'lead'), chain())).toMatch(/工程组组长或主管/);
    expect(mayApprove(engLead, subject(engineer, 'lead'), chain())).toBeNull();
    expect(mayApprove(manager, subject(engineer, 'lead'), chain())).toBeNull();
    // A lead never approves a supervisor's leave, even of the same team.
    expect(mayApprove(deskLead, subject(supervisor, 'manager'), chain())).toMatch(/需由经理或以上审批/);
  });

  it('the top level: only the configured top approver; without one, another manager', () => {
    const boss = person('manager');
    const withBoss = { ...chain(boss), people: [...chain().people, boss] };
    expect(mayApprove(manager, subject(supervisor, 'top'), withBoss)).toMatch(/需由总经理manager-null审批/);
    expect(mayApprove(boss, subject(manager, 'top'), withBoss)).toBeNull();
    expect(eligibleApprovers(subject(manager, 'top'), withBoss).all.map((p) => p.id)).toEqual([boss.id]);
    // No top configured: the only manager cannot approve himself, so nobody may.
    expect(eligibleApprovers(subject(manager, 'top'), chain()).all).toEqual([]);
  });

  it('tiers: the team lead first, a guard without a lead goes to the supervisor; the same rule as mayApprove', () => {
    const e = eligibleApprovers(subject(engineer, 'lead'), chain());
    expect(e.first).toEqual([engLead]);
    expect(e.tiers).toEqual([[engLead], [supervisor], [manager]]);
    expect(eligibleApprovers(subject(guard, 'lead'), chain()).first).toEqual([supervisor]);
    expect(eligibleApprovers(subject(supervisor, 'manager'), chain()).first).toEqual([manager]);
    for (const s of [subject(engineer, 'lead'), subject(guard, 'lead'), subject(supervisor, 'manager'), subject(deskLead, 'supervisor')]) {
      const may = chain().people.filter((p) => mayApprove(p, s, chain()) === null);
      expect(eligibleApprovers(s, chain()).all.map((p) => p.id).sort()).toEqual(may.map((p) => p.id).sort());
    }
  });
});
