import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { eventsOf, expectRefused, groupPushes, idOf, newRepair, outbox, pushesTo, ticketRow } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

const at = (iso: string) => new Date(iso);

describe('报修 lifecycle', () => {
  it('resident reports → dispatched → accepted → arrived → completed → followed up → closed', async () => {
    t = await buildTestApp();
    const wang = await idOf(t, '王芳');
    const zhang = await idOf(t, '张伟');

    const created = await say(t, '王芳', '报修 3栋2单元1502 厨房水管漏水');
    expect(created).toContain('报修#1');
    expect(created).toContain('30分钟内响应');
    expect(created).toContain('查询 #1');
    let row = await ticketRow(t, 1);
    expect(row).toMatchObject({ kind: 'repair', status: 'pending', building: '3', unit: '2', room: '1502', description: '厨房水管漏水', reporterId: wang, team: '工程', urgent: false, phone: '13800000001' });
    expect(row.responseDueAt).toEqual(at('2026-11-23T09:30:00+08:00'));
    expect(row.resolveDueAt).toEqual(at('2026-11-23T13:00:00+08:00'));

    // The engineering lead and the duty group get the job with the commands to act; the phone is masked.
    const [lead] = await pushesTo(t, '赵强');
    expect(lead!.text).toContain('3栋2单元1502');
    expect(lead!.text).toContain('厨房水管漏水');
    expect(lead!.text).toContain('接单 #1');
    expect(lead!.text).toContain('派单 #1 姓名');
    expect(lead!.dedupeKey).toBe(`ticket:1:created:lead:${await idOf(t, '赵强')}`);
    const group = await groupPushes(t);
    expect(group).toHaveLength(1);
    expect(group[0]!.text).toContain('138****0001');
    expect(group[0]!.text).not.toContain('13800000001');

    t.clock.advance(5 * MINUTE);
    expect(await say(t, '李娜', '派单 #1 张伟')).toContain('报修#1 → 张伟');
    row = await ticketRow(t, 1);
    expect(row).toMatchObject({ status: 'dispatched', assigneeId: zhang });
    const [job] = await pushesTo(t, '张伟');
    expect(job!.text).toContain('接单 #1');
    expect(job!.text).toContain('13800000001'); // a personal push to the engineer may carry the number

    t.clock.advance(5 * MINUTE);
    const accepted = await say(t, '张伟', '接单 #1');
    expect(accepted).toContain('到场 #1');
    row = await ticketRow(t, 1);
    expect(row.status).toBe('accepted');
    expect(row.arrivalDueAt).toEqual(at('2026-11-23T09:30:00+08:00'));
    expect((await pushesTo(t, '王芳')).at(-1)!.text).toContain('张伟接单');

    t.clock.advance(15 * MINUTE);
    expect(await say(t, '张伟', '到场 #1')).toContain('完工 #1');
    expect((await ticketRow(t, 1)).status).toBe('arrived');

    t.clock.advance(60 * MINUTE);
    expect(await say(t, '张伟', '完工 #1 更换了三通')).toContain('已登记完工');
    row = await ticketRow(t, 1);
    expect(row.status).toBe('completed');
    expect(row.completedAt).toEqual(at('2026-11-23T10:25:00+08:00'));
    expect(row.followupDueAt).toEqual(at('2026-11-25T10:25:00+08:00')); // 2 working days (Mon → Wed)
    const ask = (await pushesTo(t, '王芳')).at(-1)!;
    expect(ask.text).toContain('已完工，请回复「回访 #1 1-5分」评价');
    expect(ask.dedupeKey).toBe(`ticket:1:completed:reporter:${wang}`);

    expect(await say(t, '王芳', '回访 #1 5 师傅很专业')).toContain('感谢您的评价（5分）');
    row = await ticketRow(t, 1);
    expect(row).toMatchObject({ status: 'followed_up', rating: 5 });

    expect(await say(t, '李娜', '关闭 #1')).toContain('已关闭');
    row = await ticketRow(t, 1);
    expect(row.status).toBe('closed');
    expect(row.closedAt).not.toBeNull();

    const events = await eventsOf(t, 1);
    expect(events.map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([
      ['created', null, 'pending'],
      ['dispatched', 'pending', 'dispatched'],
      ['accepted', 'dispatched', 'accepted'],
      ['arrived', 'accepted', 'arrived'],
      ['completed', 'arrived', 'completed'],
      ['followed_up', 'completed', 'followed_up'],
      ['closed', 'followed_up', 'closed'],
    ]);
    expect(events[5]!.note).toBe('5分：师傅很专业');

    // Every SLA clock was met; none is left running.
    const clocks = await t.prisma.slaClock.findMany({ where: { itemType: 'ticket', itemId: 1 } });
    expect(clocks.map((c) => c.clock).sort()).toEqual(['arrival', 'followup', 'resolve', 'response']);
    expect(clocks.every((c) => !c.active)).toBe(true);
    expect(clocks.filter((c) => c.metAt).map((c) => c.clock).sort()).toEqual(['arrival', 'followup', 'resolve', 'response']);
  });

  it('an urgent repair has the short response time and says so', async () => {
    t = await buildTestApp();
    const r = await say(t, '李娜', '紧急报修 5栋1单元302 电梯困人 13912345678');
    expect(r).toContain('报修#1（紧急）');
    expect(r).toContain('10分钟内响应');
    const row = await ticketRow(t, 1);
    expect(row).toMatchObject({ urgent: true, phone: '13912345678' });
    expect(row.responseDueAt).toEqual(at('2026-11-23T09:10:00+08:00'));
    expect(row.resolveDueAt).toEqual(at('2026-11-23T11:00:00+08:00'));
    const texts = (await outbox(t)).map((o) => o.text);
    expect(texts.every((x) => !x.includes('13912345678'))).toBe(true);
    expect(texts.some((x) => x.includes('139****5678') && x.includes('紧急报修'))).toBe(true);
  });

  it('a resident may just describe the fault', async () => {
    t = await buildTestApp();
    const r = await say(t, '王芳', '7栋1单元803 卫生间漏水了');
    expect(r).toMatch(/报修#1/);
    expect(await ticketRow(t, 1)).toMatchObject({ kind: 'repair', building: '7', unit: '1', room: '803' });
  });

  it('asks for a description when 报修 comes alone', async () => {
    t = await buildTestApp();
    await expectRefused(t, '李娜', '报修', /请描述问题和位置/);
  });

  it('whoever of the engineering team sends 接单 first takes it; the second is told politely', async () => {
    t = await buildTestApp();
    await newRepair(t);
    const r1 = await say(t, '赵强', '接单 #1');
    expect(r1).toContain('已接单');
    expect(await ticketRow(t, 1)).toMatchObject({ status: 'accepted', assigneeId: await idOf(t, '赵强') });
    await expectRefused(t, '张伟', '接单 #1', /已由赵强接单/);
    expect((await eventsOf(t, 1)).filter((e) => e.action === 'accepted')).toHaveLength(1);
  });

  it('a dispatched ticket is accepted by its engineer only; the lead may re-dispatch', async () => {
    t = await buildTestApp();
    await t.stores.people.create({ name: '王磊', role: 'staff', team: '工程', phone: null });
    await newRepair(t);
    await say(t, '周敏', '派单 #1 张伟');
    await expectRefused(t, '王磊', '接单 #1', /已派给张伟/);
    expect(await say(t, '赵强', '派单 #1 王磊')).toContain('王磊');
    expect(await ticketRow(t, 1)).toMatchObject({ status: 'dispatched', assigneeId: await idOf(t, '王磊') });
    expect((await pushesTo(t, '张伟')).at(-1)!.text).toContain('已改派给王磊');
    expect((await eventsOf(t, 1)).map((e) => e.action)).toEqual(['created', 'dispatched', 'reassigned']);
    expect(await say(t, '王磊', '接单 #1')).toContain('已接单');
  });

  it('派单 only to a person of the engineering team', async () => {
    t = await buildTestApp();
    await newRepair(t);
    await expectRefused(t, '李娜', '派单 #1 孙磊', /不在工程组名单/);
    await expectRefused(t, '李娜', '派单 #1 不存在的人', /不在工程组名单/);
    await expectRefused(t, '李娜', '派单 #1', /请写明派给谁/);
  });

  it.each([
    ['李娜', '客服 staff'],
    ['周敏', 'lead'],
    ['赵强', 'engineering lead'],
    ['陈静', 'supervisor'],
    ['刘洋', 'manager'],
  ])('%s (%s) may dispatch', async (who) => {
    t = await buildTestApp();
    await newRepair(t);
    expect(await say(t, who, '派单 #1 张伟')).toContain('已派单');
    expect((await ticketRow(t, 1)).status).toBe('dispatched');
  });

  it('到场 and 完工 by the assignee only; steps in order', async () => {
    t = await buildTestApp();
    await t.stores.people.create({ name: '王磊', role: 'staff', team: '工程', phone: null });
    await newRepair(t);
    await say(t, '张伟', '接单 #1');
    await expectRefused(t, '王磊', '到场 #1', /只有接单的维修人员/);
    await expectRefused(t, '赵强', '到场 #1', /只有接单的维修人员/);
    await expectRefused(t, '张伟', '完工 #1', /请先回复「到场 #1」/);
    await say(t, '张伟', '到场 #1');
    await expectRefused(t, '王磊', '完工 #1 修好了', /只有接单的维修人员可以登记完工/);
    await expectRefused(t, '王芳', '完工 #1', /只有接单的维修人员/);
    expect(await say(t, '张伟', '完工 #1')).toContain('已登记完工');
    // A staff reporter gets no rating request; the desk (客服), not the engineers, is asked to follow up.
    expect((await pushesTo(t, '李娜')).filter((r) => r.text.includes('请回复「回访 #1 1-5分」评价'))).toHaveLength(0);
    expect((await pushesTo(t, '周敏')).at(-1)!.text).toContain('请客服在');
    expect((await pushesTo(t, '赵强')).some((r) => r.text.includes('【待回访】'))).toBe(false);
  });

  it('回访 needs a rating and a completed ticket; a resident rates only their own', async () => {
    t = await buildTestApp();
    await t.stores.people.create({ name: '赵敏', role: 'resident', team: null, phone: '13900000002' });
    await newRepair(t, '王芳');
    await expectRefused(t, '李娜', '回访 #1 5', /不能回访/);
    await say(t, '张伟', '接单 #1');
    await say(t, '张伟', '到场 #1');
    await say(t, '张伟', '完工 #1');
    await expectRefused(t, '赵敏', '回访 #1 1', /只能评价您本人提交的报修/);
    await expectRefused(t, '张伟', '回访 #1 5', /回访由报修人本人或客服登记/);
    await expectRefused(t, '王芳', '回访 #1', /请附上1-5分的评分/);
    // The desk may record the resident's opinion.
    expect(await say(t, '李娜', '回访 #1 4 住户表示满意')).toContain('评分4分');
    expect(await ticketRow(t, 1)).toMatchObject({ status: 'followed_up', rating: 4 });
  });

  it('关闭 after the follow-up, by the desk; without one only by a supervisor who says why', async () => {
    t = await buildTestApp();
    await newRepair(t);
    await expectRefused(t, '李娜', '关闭 #1', /当前状态为「待派单」，不能关闭/);
    await say(t, '张伟', '接单 #1');
    await say(t, '张伟', '到场 #1');
    await say(t, '张伟', '完工 #1');
    await expectRefused(t, '张伟', '关闭 #1', /关闭工单由客服/);
    await expectRefused(t, '王芳', '关闭 #1', /关闭工单由客服/);
    await expectRefused(t, '周敏', '关闭 #1 住户电话未接通', /报修必须回访后才能关闭/);
    await expectRefused(t, '陈静', '关闭 #1', /报修必须回访后才能关闭/);
    expect(await say(t, '陈静', '关闭 #1 住户电话未接通')).toContain('已关闭');
    const ev = (await eventsOf(t, 1)).at(-1)!;
    expect(ev).toMatchObject({ action: 'closed', fromStatus: 'completed', toStatus: 'closed', note: '未回访关闭：住户电话未接通' });
    expect((await t.prisma.slaClock.findMany({ where: { active: true } })).length).toBe(0);
  });
});

describe('取消', () => {
  it('the reporter cancels before arrival; the engineer is told', async () => {
    t = await buildTestApp();
    await newRepair(t, '王芳');
    await say(t, '张伟', '接单 #1');
    expect(await say(t, '王芳', '取消 #1 已经自己修好了')).toContain('已取消');
    expect((await ticketRow(t, 1)).status).toBe('cancelled');
    expect((await eventsOf(t, 1)).at(-1)).toMatchObject({ action: 'cancelled', fromStatus: 'accepted', note: '已经自己修好了' });
    expect((await pushesTo(t, '张伟')).at(-1)!.text).toContain('已取消');
    expect(await t.prisma.slaClock.count({ where: { itemId: 1, active: true } })).toBe(0);
  });

  it('after arrival only a lead or supervisor may cancel', async () => {
    t = await buildTestApp();
    await newRepair(t, '王芳');
    await say(t, '张伟', '接单 #1');
    await say(t, '张伟', '到场 #1');
    await expectRefused(t, '王芳', '取消 #1', /维修人员已到场/);
    expect(await say(t, '赵强', '取消 #1 住户拒绝维修')).toContain('已取消');
    expect((await pushesTo(t, '王芳')).at(-1)!.text).toContain('住户拒绝维修');
  });

  it('nobody else may cancel', async () => {
    t = await buildTestApp();
    await t.stores.people.create({ name: '赵敏', role: 'resident', team: null, phone: null });
    await newRepair(t, '王芳');
    await expectRefused(t, '赵敏', '取消 #1', /只能取消您本人提交的报修/);
    await expectRefused(t, '张伟', '取消 #1', /只有报修人本人或组长、主管/);
    await expectRefused(t, '李娜', '取消 #1', /只有报修人本人或组长、主管/);
  });
});
