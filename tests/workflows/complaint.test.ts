import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/clock.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { eventsOf, expectRefused, groupPushes, idOf, newComplaint, pushesTo, ticketRow } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

const at = (iso: string) => new Date(iso);

describe('投诉 lifecycle', () => {
  it('received → replied → processing → resolved → followed up → closed', async () => {
    t = await buildTestApp();
    const wang = await idOf(t, '王芳');
    const li = await idOf(t, '李娜');

    const r = await say(t, '王芳', '投诉 7栋1单元803 楼道垃圾三天没人清理');
    expect(r).toContain('投诉#1');
    expect(r).toContain('2小时内答复');
    let row = await ticketRow(t, 1);
    expect(row).toMatchObject({ kind: 'complaint', status: 'received', reporterId: wang, accusedId: null, team: '客服' });
    expect(row.responseDueAt).toEqual(at('2026-11-23T11:00:00+08:00'));
    const [sup] = await pushesTo(t, '陈静');
    expect(sup!.text).toContain('回复 #1');
    expect(sup!.dedupeKey).toBe(`ticket:1:created:supervisor:${await idOf(t, '陈静')}`);
    // A group hears number, place and deadline only: no text, no phone, no room number.
    const group = (await groupPushes(t))[0]!.text;
    expect(group).toContain('投诉#1');
    expect(group).toContain('7栋1单元***');
    expect(group).not.toMatch(/楼道垃圾|138|0001|803/);

    t.clock.advance(30 * MINUTE);
    const replied = await say(t, '李娜', '回复 #1 已安排保洁今天下午清理 下次回复 明天10点');
    expect(replied).toContain('下次回复：11月24日 10:00');
    row = await ticketRow(t, 1);
    expect(row).toMatchObject({ status: 'replied', assigneeId: li });
    expect(row.nextReplyAt).toEqual(at('2026-11-24T10:00:00+08:00'));
    expect(row.responseDueAt).toEqual(at('2026-11-24T10:00:00+08:00'));
    const toResident = (await pushesTo(t, '王芳')).at(-1)!;
    expect(toResident.text).toContain('已安排保洁今天下午清理');
    expect(toResident.text).toContain('11月24日 10:00');
    const response = await t.prisma.slaClock.findFirstOrThrow({ where: { itemId: 1, clock: 'response' } });
    expect(response).toMatchObject({ active: true, dueAt: at('2026-11-24T10:00:00+08:00') });

    expect(await say(t, '李娜', '处理 #1')).toContain('处理中');
    expect((await ticketRow(t, 1)).status).toBe('processing');

    t.clock.advance(2 * HOUR);
    expect(await say(t, '周敏', '解决 #1 楼道已清理，保洁排班已调整')).toContain('须100%回访');
    row = await ticketRow(t, 1);
    expect(row.status).toBe('resolved');
    expect(row.followupDueAt).toEqual(at('2026-11-25T11:30:00+08:00'));
    expect((await pushesTo(t, '王芳')).at(-1)!.text).toContain('回访 #1 1-5分');

    await expectRefused(t, '李娜', '关闭 #1', /有效投诉必须回访后才能关闭/);

    expect(await say(t, '王芳', '回访 #1 4')).toContain('感谢您的评价（4分）');
    expect(await ticketRow(t, 1)).toMatchObject({ status: 'followed_up', rating: 4 });
    expect(await say(t, '陈静', '关闭 #1')).toContain('已关闭');
    expect((await ticketRow(t, 1)).status).toBe('closed');

    expect((await eventsOf(t, 1)).map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([
      ['created', null, 'received'],
      ['replied', 'received', 'replied'],
      ['processing', 'replied', 'processing'],
      ['resolved', 'processing', 'resolved'],
      ['followed_up', 'resolved', 'followed_up'],
      ['closed', 'followed_up', 'closed'],
    ]);
    expect(await t.prisma.slaClock.count({ where: { itemId: 1, active: true } })).toBe(0);
  });

  it('a second 回复 keeps the status, appends an event and moves the next reply time', async () => {
    t = await buildTestApp();
    await newComplaint(t);
    await say(t, '李娜', '回复 #1 正在核实 下次回复 明天10点');
    await say(t, '李娜', '回复 #1 保洁公司已约谈 下次回复 后天15点');
    const row = await ticketRow(t, 1);
    expect(row.status).toBe('replied');
    expect(row.nextReplyAt).toEqual(at('2026-11-25T15:00:00+08:00'));
    const ev = await eventsOf(t, 1);
    expect(ev.map((e) => e.action)).toEqual(['created', 'replied', 'replied']);
    expect(ev[2]).toMatchObject({ fromStatus: 'replied', toStatus: 'replied' });
    expect(await pushesTo(t, '王芳')).toHaveLength(2);
  });

  it('steps stay in order', async () => {
    t = await buildTestApp();
    await newComplaint(t);
    await expectRefused(t, '李娜', '处理 #1', /请先答复投诉人/);
    await expectRefused(t, '李娜', '解决 #1 好了', /请先答复投诉人/);
    await expectRefused(t, '李娜', '回复 #1', /请写明答复内容/);
    await expectRefused(t, '李娜', '关闭 #1', /尚未解决/);
    await expectRefused(t, '王芳', '回访 #1 5', /不能回访/);
    await expectRefused(t, '李娜', '取消 #1', /投诉不能取消/);
  });

  it('a resident may just describe a grievance', async () => {
    t = await buildTestApp();
    expect(await say(t, '王芳', '楼上装修太吵了，晚上十点还在打电钻')).toContain('投诉#1');
    expect((await ticketRow(t, 1)).kind).toBe('complaint');
  });
});

describe('被投诉人应当回避', () => {
  it.each([
    ['投诉 保安孙磊 态度差', '孙磊'],
    ['投诉 @孙磊 巡逻时玩手机', '孙磊'],
    ['投诉 客服李娜 电话不接', '李娜'],
  ])('「%s」 records the accused', async (msg, name) => {
    t = await buildTestApp();
    await say(t, '王芳', msg);
    expect((await ticketRow(t, 1)).accusedId).toBe(await idOf(t, name));
  });

  it('the accused may not reply, process, resolve, invalidate, follow up or close', async () => {
    t = await buildTestApp();
    await say(t, '王芳', '投诉 @李娜 电话里态度很差');
    await expectRefused(t, '李娜', '回复 #1 非常抱歉 下次回复 明天10点', /应当回避/);
    await say(t, '周敏', '回复 #1 已核实 下次回复 明天10点');
    await expectRefused(t, '李娜', '处理 #1', /应当回避/);
    await say(t, '周敏', '处理 #1');
    await expectRefused(t, '李娜', '解决 #1 已道歉', /应当回避/);
    await say(t, '周敏', '解决 #1 已当面道歉');
    await expectRefused(t, '李娜', '回访 #1 5', /应当回避/);
    await say(t, '周敏', '回访 #1 5');
    await expectRefused(t, '李娜', '关闭 #1', /应当回避/);
    expect((await ticketRow(t, 1)).assigneeId).toBe(await idOf(t, '周敏'));
  });

  it('a complaint about the supervisor goes to the manager, and the supervisor may not declare it invalid', async () => {
    t = await buildTestApp();
    await say(t, '王芳', '投诉 客服主管陈静 推诿不处理');
    expect(await pushesTo(t, '陈静')).toHaveLength(0);
    expect((await pushesTo(t, '刘洋'))[0]!.text).toContain('被投诉人：陈静');
    // The accused's name is not broadcast to the duty group.
    expect((await groupPushes(t))[0]!.text).not.toContain('被投诉人');
    await expectRefused(t, '陈静', '无效 #1 业主误会', /应当回避/);
  });
});

describe('无效投诉', () => {
  it('a desk lead or supervisor declares it invalid; the complainant still gets the reason', async () => {
    t = await buildTestApp();
    await newComplaint(t);
    await expectRefused(t, '李娜', '无效 #1 属于邻里纠纷', /客服组长或主管/);
    await expectRefused(t, '赵强', '无效 #1 属于邻里纠纷', /客服组长或主管/);
    await expectRefused(t, '周敏', '无效 #1', /请写明原因/);
    expect(await say(t, '周敏', '无效 #1 属于邻里纠纷，已建议协商')).toContain('已判定无效');
    const row = await ticketRow(t, 1);
    expect(row.status).toBe('invalid');
    expect(row.closedAt).not.toBeNull();
    expect((await pushesTo(t, '王芳')).at(-1)!.text).toContain('经核实，属于邻里纠纷');
    expect(await t.prisma.slaClock.count({ where: { itemId: 1, active: true } })).toBe(0);
    await expectRefused(t, '周敏', '关闭 #1', /无效投诉/);
  });
});

describe('who handles complaints', () => {
  it.each([['张伟'], ['孙磊'], ['赵强'], ['王芳']])('%s may not reply to a complaint', async (who) => {
    t = await buildTestApp();
    await newComplaint(t);
    await expectRefused(t, who, '回复 #1 好的 下次回复 明天10点', /投诉由客服组处理/);
  });

  it('a resident may not rate someone else’s complaint', async () => {
    t = await buildTestApp();
    await t.stores.people.create({ name: '赵敏', role: 'resident', team: null, phone: null });
    await newComplaint(t);
    await say(t, '李娜', '回复 #1 已处理 下次回复 明天10点');
    await say(t, '李娜', '解决 #1 已清理');
    await expectRefused(t, '赵敏', '回访 #1 1', /只能评价您本人提交的投诉/);
  });
});
