import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { expectRefused, idOf, leaveRow, pushesTo } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

// Today is Monday 2026-11-23 (Asia/Shanghai). Days are working days (weekends and holidays are not counted).
describe('请假 approval level by length', () => {
  it.each([
    // message, days, approverRole, refused approver (reason), approver who succeeds
    ['请假 明天 事假 家里有事', 1, 'lead', ['周敏', /需由工程组组长或主管审批/], '赵强'],
    ['请事假 11月25日至11月26日 搬家', 2, 'supervisor', ['赵强', /共2天，需由主管或以上审批/], '陈静'],
    ['请假 11月25日至11月27日 事假', 3, 'supervisor', ['赵强', /需由主管或以上审批/], '陈静'],
    ['请年假 11月25日至11月30日', 4, 'manager', ['陈静', /共4天，需由经理或以上审批/], '刘洋'],
    ['请假 11月24日至12月1日 事假 回老家', 6, 'manager', ['陈静', /需由经理或以上审批/], '刘洋'],
  ] as const)('「%s」: %i days → %s', async (msg, days, role, [lower, why], approver) => {
    t = await buildTestApp();
    const r = await say(t, '张伟', msg);
    expect(r).toContain('已提交请假#1');
    const row = await leaveRow(t, 1);
    expect(row).toMatchObject({ days, approverRole: role, status: 'pending', personId: await idOf(t, '张伟') });
    expect(row.approvalDueAt).toEqual(new Date('2026-11-23T13:00:00+08:00'));
    // The approvers of that level get the request with the commands.
    const asked = await pushesTo(t, approver);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.text).toContain('批准 #1');
    expect(asked[0]!.text).toContain('驳回 #1 原因');
    await expectRefused(t, lower, '批准 #1', why);
    expect(await say(t, approver, '批准 #1')).toContain('已批准请假#1');
    const done = await leaveRow(t, 1);
    expect(done).toMatchObject({ status: 'approved', approverId: await idOf(t, approver) });
    expect(done.decidedAt).toEqual(new Date('2026-11-23T09:00:00+08:00'));
    expect((await pushesTo(t, '张伟')).at(-1)!.text).toContain('已由' + approver + '批准');
    const clock = await t.prisma.slaClock.findFirstOrThrow({ where: { itemType: 'leave', itemId: 1 } });
    expect(clock).toMatchObject({ clock: 'approval', active: false });
    expect(clock.metAt).not.toBeNull();
  });

  it('a manager may approve a short leave too (any level at or above the required one)', async () => {
    t = await buildTestApp();
    await say(t, '张伟', '请假 明天 事假');
    expect(await say(t, '刘洋', '同意 #1')).toContain('已批准');
  });

  it('sick leave over 3 days requires a certificate; 3 days does not', async () => {
    t = await buildTestApp();
    const long = await say(t, '李娜', '请病假 11月25日至11月30日');
    expect(long).toContain('需提供医生证明');
    expect(await leaveRow(t, 1)).toMatchObject({ leaveType: 'sick', days: 4, certificateRequired: true });
    const short = await say(t, '孙磊', '请病假 11月25日至11月27日');
    expect(short).not.toContain('医生证明');
    expect(await leaveRow(t, 2)).toMatchObject({ days: 3, certificateRequired: false });
  });

  it('personal leave over 6 days is refused with a clear message', async () => {
    t = await buildTestApp();
    await expectRefused(t, '张伟', '请事假 11月24日至12月2日', /事假最多6天，您申请了7天/);
    expect(await t.prisma.leaveRequest.count()).toBe(0);
  });

  it('a lead’s own leave goes one level up', async () => {
    t = await buildTestApp();
    await say(t, '赵强', '请假 明天 事假');
    expect((await leaveRow(t, 1)).approverRole).toBe('supervisor');
    expect(await pushesTo(t, '陈静')).toHaveLength(1);
  });
});

describe('who may decide', () => {
  it('nobody approves their own leave', async () => {
    t = await buildTestApp();
    await say(t, '陈静', '请假 明天 事假');
    await expectRefused(t, '陈静', '批准 #1', /不能审批本人的请假/);
    expect(await say(t, '刘洋', '批准 #1')).toContain('已批准');
    // The only manager, and no top approver configured: nobody could approve it, so it is not submitted (tests/leave/).
    expect(await say(t, '刘洋', '请假 后天 事假')).toContain('未提交');
  });

  it.each([['李娜'], ['孙磊'], ['张伟']])('staff (%s) cannot approve or reject leave', async (who) => {
    t = await buildTestApp();
    await t.stores.people.create({ name: '王磊', role: 'staff', team: '工程', phone: null });
    await say(t, '王磊', '请假 明天 事假');
    await expectRefused(t, who, '批准 #1', /员工不能审批请假/);
    await expectRefused(t, who, '驳回 #1 不行', /员工不能审批请假/);
  });

  it('a resident cannot ask for leave; an unregistered staff member (no team) cannot approve', async () => {
    t = await buildTestApp();
    await expectRefused(t, '王芳', '请假 明天 事假', /请假仅限物业员工/);
    await t.stores.people.create({ name: 'newbie', role: 'staff', team: null, phone: null, accounts: { wecom: 'newbie' } });
    await say(t, '张伟', '请假 明天 事假');
    await expectRefused(t, 'newbie', '批准 #1', /员工不能审批请假/);
  });
});

describe('decisions and after', () => {
  it('驳回 needs a reason and tells the requester', async () => {
    t = await buildTestApp();
    await say(t, '张伟', '请假 明天 事假');
    await expectRefused(t, '赵强', '驳回 #1', /请写明驳回原因/);
    expect(await say(t, '赵强', '驳回 #1 明天有停水检修需要人手')).toContain('已驳回请假#1');
    expect(await leaveRow(t, 1)).toMatchObject({ status: 'rejected', approverId: await idOf(t, '赵强') });
    expect((await pushesTo(t, '张伟')).at(-1)!.text).toContain('明天有停水检修需要人手');
    await expectRefused(t, '赵强', '批准 #1', /已处理（已驳回）/);
    await expectRefused(t, '张伟', '销假 #1', /不能销假/);
  });

  it('销假 by the requester after approval', async () => {
    t = await buildTestApp();
    await say(t, '张伟', '请假 明天 事假');
    await expectRefused(t, '张伟', '销假 #1', /当前状态为「待审批」，不能销假/);
    await say(t, '赵强', '批准 #1');
    await expectRefused(t, '孙磊', '销假 #1', /只有请假人本人/);
    t.clock.set('2026-11-25T09:00:00+08:00'); // back after the leave
    expect(await say(t, '张伟', '销假 #1')).toContain('已销假');
    expect((await leaveRow(t, 1)).status).toBe('returned');
    expect((await pushesTo(t, '赵强')).at(-1)!.text).toContain('张伟已销假');
  });

  it.each([['取消 #1'], ['撤回请假 #1'], ['取消请假 #1']])('「%s」 withdraws a pending request', async (msg) => {
    t = await buildTestApp();
    await say(t, '张伟', '请假 明天 事假');
    expect(await say(t, '张伟', msg)).toContain('已撤回请假#1');
    expect((await leaveRow(t, 1)).status).toBe('withdrawn');
    expect(await t.prisma.slaClock.count({ where: { itemType: 'leave', active: true } })).toBe(0);
  });

  it('an approved request cannot be withdrawn, and only the requester may withdraw', async () => {
    t = await buildTestApp();
    await say(t, '张伟', '请假 明天 事假');
    await expectRefused(t, '孙磊', '撤回请假 #1', /只有请假人本人/);
    await say(t, '赵强', '批准 #1');
    await expectRefused(t, '张伟', '撤回请假 #1', /不能撤回/);
  });

  it('refuses past dates, overlaps and a missing date', async () => {
    t = await buildTestApp();
    await expectRefused(t, '张伟', '请假 2026-11-20 事假', /不能补请已过去的日期/);
    await expectRefused(t, '张伟', '请假 家里有事', /请写明日期/);
    await say(t, '张伟', '请假 11月25日至11月26日 事假');
    await expectRefused(t, '张伟', '请假 11月26日 事假', /与请假#1.*时间重叠/);
  });

  it('查询 请假#1 shows the request to its owner and to approvers', async () => {
    t = await buildTestApp();
    await say(t, '张伟', '请病假 11月25日至11月30日 发烧');
    const shown = await say(t, '张伟', '查询 请假#1');
    expect(shown).toContain('请假#1 待审批');
    expect(shown).toContain('病假 11月25日至11月30日（4天）');
    expect(shown).toContain('需提供医生证明');
    await expectRefused(t, '孙磊', '查询 请假#1', /只能查询您本人的请假/);
  });
});
