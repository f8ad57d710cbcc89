// #13 bugs 4, 5, 8: a request goes only to people who may approve it. The manager's own leave (to the top approver, or
// told whom to ask), a supervisor's leave never reaches the desk lead, a guard whose team has no lead goes to the
// supervisor and shows in her digest. Reminders, pushes, the digest and 批准 use the same rule (approval.ts).
import { describe, expect, it } from 'vitest';
import { digestOf, digests, idOf, leaveAlerts, leaveRow, outbox, pushesTo, say, start, sweep } from './util.js';

const MONDAY = '2026-11-23T09:00:00+08:00';
const EVENING = '2026-11-23T18:00:00+08:00';

describe('the manager’s own leave', () => {
  it('without a top approver it is not left waiting: the manager is told whom to ask, the supervisor is alerted, no reminder to himself', async () => {
    const t = await start(MONDAY);
    const reply = await say(t, '刘洋', '请假 明天 事假 家里有事');
    expect(reply).toContain('未提交：您的请假 11月24日（1天） 需由总经理（未配置时由经理）审批');
    expect(reply).toContain('没有配置总经理（LEAVE_TOP_APPROVER），也没有其他经理');
    expect(reply).toContain('请直接向总经理当面或电话请假');
    expect(reply).toContain('已通知陈静');
    expect(await t.prisma.leaveRequest.count()).toBe(0);
    expect(await t.prisma.slaClock.count()).toBe(0);
    const [alert] = await pushesTo(t, '陈静');
    expect(alert!.text).toContain('【请假无人审批】刘洋（经理）申请11月24日（1天）');
    expect(alert!.text).toContain('LEAVE_TOP_APPROVER');
    // Nothing ever reaches 刘洋 about his own leave, however long we wait.
    await sweep(t, '2026-11-24T09:00:00+08:00');
    expect(await pushesTo(t, '刘洋')).toEqual([]);
  });

  it('with LEAVE_TOP_APPROVER it goes to the general manager only; reminders too; a supervisor may not approve it', async () => {
    const t = await start(MONDAY, { LEAVE_TOP_APPROVER: '王总' });
    await t.stores.people.create({ name: '王总', role: 'manager', team: null, phone: null });
    expect(await say(t, '刘洋', '请假 明天 事假')).toContain('已提交请假#1：事假 11月24日（1天），待总经理王总审批（已通知王总）');
    expect(await leaveRow(t, 1)).toMatchObject({ approverRole: 'top', askedIds: String(await idOf(t, '王总')) });
    expect((await pushesTo(t, '王总'))[0]!.text).toContain('需总经理王总或以上审批');
    expect(await say(t, '陈静', '批准 #1')).toContain('需由总经理王总审批，您无权审批');
    // Every level of the approval ladder (4 h: 80 %, 100 %, 150 %, 200 %) goes to 王总 and nobody else.
    for (const at of ['12:12', '13:00', '15:00', '17:00']) await sweep(t, `2026-11-23T${at}:00+08:00`);
    const alerts = await leaveAlerts(t);
    expect(alerts).toHaveLength(4);
    expect(new Set(alerts.map((a) => a.to))).toEqual(new Set(['王总']));
    expect(alerts[0]!.text).toContain('负责人：王总');
    expect(await pushesTo(t, '刘洋')).toEqual([]);
    expect(await say(t, '王总', '批准 #1')).toContain('已批准请假#1');
  });

  it('a second manager approves when no top approver is configured; the top approver’s own leave is told whom to ask', async () => {
    const t = await start(MONDAY, { LEAVE_TOP_APPROVER: '王总' });
    await t.stores.people.create({ name: '王总', role: 'manager', team: null, phone: null });
    expect(await say(t, '王总', '请假 明天')).toContain('请直接向上级公司（集团）负责人请假');
    const u = await start(MONDAY);
    await u.stores.people.create({ name: '吴经理', role: 'manager', team: null, phone: null });
    expect(await say(u, '刘洋', '请假 明天')).toContain('已通知吴经理');
    expect(await say(u, '吴经理', '批准 #1')).toContain('已批准');
  });
});

describe('a supervisor’s leave and the desk lead', () => {
  it('陈静 (客服 supervisor) asks: 周敏 (客服 lead) gets no push, no reminder and no digest line; 刘洋 does', async () => {
    const t = await start(MONDAY);
    const reply = await say(t, '陈静', '请假 明天 事假');
    const rows = await digests(t, EVENING);
    expect(await digestOf(t, rows, '周敏')).not.toContain('请假#1');
    for (const at of ['12:12', '13:00', '15:00', '17:00']) await sweep(t, `2026-11-23T${at}:00+08:00`);
    expect(new Set((await leaveAlerts(t)).map((a) => a.to))).toEqual(new Set(['刘洋']));
    expect(reply).toContain('待经理审批（已通知刘洋）');
    expect(await pushesTo(t, '周敏')).toEqual([expect.objectContaining({ dedupeKey: expect.stringMatching(/^digest:/) })]);
    expect(await say(t, '周敏', '批准 #1')).toContain('需由经理或以上审批');
  });

  it('the digest lists exactly what its reader may approve (the same rule as 批准)', async () => {
    const t = await start(MONDAY);
    await say(t, '李娜', '请假 明天 事假'); // 客服 staff, 1 day: 周敏, 陈静, 刘洋
    await say(t, '张伟', '请假 11月25日至11月26日'); // 2 days: 陈静, 刘洋
    await say(t, '陈静', '请假 11月27日'); // supervisor: 刘洋 only
    const rows = await digests(t, EVENING);
    const listed = async (name: string) => [...new Set([...((await digestOf(t, rows, name)) ?? '').matchAll(/请假#(\d+)/g)].map((m) => Number(m[1])))];
    expect(await listed('周敏')).toEqual([1]);
    expect(await listed('赵强')).toEqual([]);
    expect(await listed('陈静')).toEqual([1, 2]);
    for (const [name, ids] of [['周敏', [1]], ['赵强', []], ['陈静', [1, 2]]] as const) {
      for (const id of [1, 2, 3]) {
        const reply = await say(t, name, `批准 #${id}`);
        if ((ids as readonly number[]).includes(id)) expect(reply).toContain('已批准');
        else expect(reply).toMatch(/无权审批|组长或主管审批|不能审批本人|已处理/);
      }
    }
  });
});

describe('a guard whose team has no lead', () => {
  it('孙磊 (保安) asks: the supervisor is asked, reminded, and sees it in her digest; no lead sees it', async () => {
    const t = await start(MONDAY);
    const reply = await say(t, '孙磊', '请假 明天 事假 孩子生病');
    const rows = await digests(t, EVENING);
    expect(await digestOf(t, rows, '陈静')).toContain('请假#1 孙磊 事假 11月24日（1天），发送「批准 #1」或「驳回 #1 原因」');
    for (const lead of ['赵强', '周敏']) expect(await digestOf(t, rows, lead)).not.toContain('请假#1');
    expect((await pushesTo(t, '陈静'))[0]!.text).toContain('【请假审批】请假#1 孙磊（保安）');
    expect(reply).toContain('已提交请假#1：事假 11月24日（1天），待组长审批（已通知陈静）');
    await sweep(t, '2026-11-23T12:12:00+08:00');
    expect((await leaveAlerts(t)).map((a) => a.to)).toEqual(['陈静']);
    expect(await say(t, '陈静', '批准 #1')).toContain('已批准请假#1');
    expect((await outbox(t)).filter((r) => r.personId === null && r.dedupeKey.startsWith('sla:leave'))).toEqual([]);
  });
});
