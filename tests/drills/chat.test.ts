import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { clockOf, drillRow, drills, expectRefused, newDrill, outbox, planAndRecord } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

const at = (iso: string) => new Date(iso);

// Today is Monday 2026-11-23 09:00 (Asia/Shanghai).
describe('演练 新增', () => {
  it('a lead plans a drill: stored, clock started, duty group told, reply names time and reminders', async () => {
    t = await buildTestApp();
    const r = await say(t, '赵强', '演练 新增 2026-12-01 15:00 3号楼 消防疏散演练');
    expect(r).toContain('已登记演练#1：3号楼 消防疏散演练，时间 12月1日 15:00，将在7天、1天、2小时前提醒。');
    expect(r).toContain('演练 完成 #1 总结');
    expect(r).toContain('每6个月');
    const d = await drillRow(t, 1);
    expect(d).toMatchObject({ kind: 'fire-drill', title: '消防疏散演练', location: '3号楼', status: 'open', intervalMonths: 6, team: '工程', previousId: null });
    expect(d.ownerId).toBe((await t.stores.people.find('赵强'))!.id);
    expect(d.dueAt).toEqual(at('2026-12-01T15:00:00+08:00'));
    const c = await clockOf(t, 1);
    expect(c).toMatchObject({ active: true });
    expect(c!.dueAt).toEqual(at('2026-12-01T15:00:00+08:00'));
    const group = (await outbox(t)).filter((o) => o.channel === 'console-group');
    expect(group).toHaveLength(1);
    expect(group[0]!.text).toContain('【演练计划】演练#1 3号楼 消防疏散演练');
    expect(group[0]!.dedupeKey).toBe('drill:1:created:group@console-group');
  });

  it.each(['陈静', '刘洋', '周敏'])('%s (lead or above) may plan', async (who) => {
    t = await buildTestApp();
    expect(await say(t, who, '演练 新增 2026-12-01 15:00 消防水泵试开泵')).toContain('已登记演练#1');
  });

  it('staff and residents are refused politely and nothing changes', async () => {
    t = await buildTestApp();
    await expectRefused(t, '张伟', '演练 新增 2026-12-01 15:00 3号楼 消防疏散演练', /由组长、主管或经理登记/);
    await expectRefused(t, '王芳', '演练 新增 2026-12-01 15:00 3号楼 消防疏散演练', /仅限物业员工/);
    await expectRefused(t, '王芳', '演练 列表', /仅限物业员工/);
    expect(await drills(t)).toHaveLength(0);
  });

  it('missing time or content, or a past time, gets the example', async () => {
    t = await buildTestApp();
    // The example is a week from today (2026-11-23), never a date already past.
    await expectRefused(t, '赵强', '演练 新增 消防疏散演练', /请写明时间和内容，例如「演练 新增 2026-11-30 15:00 3号楼 消防疏散演练」/);
    await expectRefused(t, '赵强', '演练 新增 2026-11-20 15:00 消防疏散演练', /已经过去/);
  });

  it('a custom drill without a default kind is one-off; a title with 每月 is periodic', async () => {
    t = await buildTestApp();
    const r = await say(t, '赵强', '演练 新增 2026-12-01 10:00 2号楼 电梯困人应急演练');
    expect(r).not.toContain('定期任务');
    expect(await drillRow(t, 1)).toMatchObject({ kind: 'custom', location: '2号楼', title: '电梯困人应急演练', intervalMonths: null, intervalHours: null });
    await say(t, '赵强', '演练 新增 2026-12-02 10:00 每月 配电房巡检');
    expect(await drillRow(t, 2)).toMatchObject({ kind: 'custom', intervalMonths: 1 });
  });

  it('planned less than 2 hours ahead: the reply says a reminder comes soon', async () => {
    t = await buildTestApp();
    const r = await say(t, '赵强', '演练 新增 今天 10:00 电梯困人演练');
    expect(r).toContain('时间临近');
  });

  it('a plan of a default kind replaces a later open occurrence of that kind (its clock stops)', async () => {
    t = await buildTestApp();
    await newDrill(t, '演练 新增 2027-03-01 15:00 消防疏散演练');
    const r = await say(t, '陈静', '演练 新增 2026-12-01 15:00 3号楼 消防疏散演练');
    expect(r).toContain('原计划演练#1（2027年3月1日 15:00）已由本次替代');
    expect((await drillRow(t, 1)).status).toBe('replaced');
    expect((await clockOf(t, 1))!.active).toBe(false);
    expect((await drillRow(t, 2)).intervalMonths).toBe(6);
    // An extra plan after the one already planned is a one-off.
    await say(t, '陈静', '演练 新增 2027-01-10 15:00 5号楼 消防疏散演练');
    expect(await drillRow(t, 3)).toMatchObject({ kind: 'fire-drill', intervalMonths: null, status: 'open' });
    expect((await drillRow(t, 2)).status).toBe('open');
  });
});

describe('演练 完成', () => {
  it('records the result, meets the clock and schedules the next occurrence of a periodic drill', async () => {
    t = await buildTestApp();
    const id = await newDrill(t);
    t.clock.set('2026-12-01T16:30:00+08:00');
    const r = await say(t, '张伟', `演练 完成 #${id} 总结：疏散用时4分钟，2号通道指示灯不亮待修`);
    expect(r).toContain('已记录演练#1：3号楼 消防疏散演练');
    expect(r).toContain('疏散用时4分钟');
    // The planned day plus 6 months at the planned 15:00, not the time of the recording.
    expect(r).toContain('已自动安排下一次：演练#2，时间 2027年6月1日 15:00');
    expect(r).toContain('演练 完成 #2 总结');
    const done = await drillRow(t, 1);
    expect(done).toMatchObject({ status: 'done', result: '疏散用时4分钟，2号通道指示灯不亮待修', completedById: (await t.stores.people.find('张伟'))!.id });
    expect(done.completedAt).toEqual(at('2026-12-01T16:30:00+08:00'));
    const c = await clockOf(t, 1);
    expect(c).toMatchObject({ active: false });
    expect(c!.metAt).toEqual(at('2026-12-01T16:30:00+08:00'));
    const next = await drillRow(t, 2);
    expect(next).toMatchObject({ previousId: 1, status: 'open', kind: 'fire-drill', location: '3号楼', title: '消防疏散演练', intervalMonths: 6 });
    expect(next.dueAt).toEqual(at('2027-06-01T15:00:00+08:00'));
    expect((await clockOf(t, 2))!.dueAt).toEqual(at('2027-06-01T15:00:00+08:00'));
    // The owner is told when someone else records it.
    const ownerId = (await t.stores.people.find('赵强'))!.id;
    expect((await outbox(t)).filter((o) => o.personId === ownerId).map((o) => o.text).join('\n')).toContain('张伟已记录演练#1');
  });

  it('recording late says how late; recording twice changes nothing', async () => {
    t = await buildTestApp();
    const { id, reply: r } = await planAndRecord(t, '演练 新增 2026-11-24 10:00 2号楼 电梯困人演练', '2026-11-26T10:00:00+08:00');
    expect(r).toContain('（超期2天）');
    expect(r).toContain('演练 列表');
    expect(await drills(t)).toHaveLength(1);
    await expectRefused(t, '赵强', `演练 完成 #${id} 总结 再来一次`, /已于11月26日 10:00记录结果，无需重复/);
  });

  it('a summary is required; a number is required; an unknown number is reported', async () => {
    t = await buildTestApp();
    const id = await newDrill(t);
    await expectRefused(t, '赵强', `演练 完成 #${id}`, /请写明演练总结.*演练 完成 #1 总结：/);
    await expectRefused(t, '赵强', '演练 完成', /请注明演练编号和总结，例如「演练 完成 #5 总结/);
    await expectRefused(t, '赵强', '演练 完成 #99 总结 好', /没有找到演练#99/);
  });

  it('staff of another team and residents may not record', async () => {
    t = await buildTestApp();
    const id = await newDrill(t); // 赵强, 工程
    await expectRefused(t, '孙磊', `演练 完成 #${id} 总结 好`, /由工程组负责/);
    await expectRefused(t, '王芳', `演练 完成 #${id} 总结 好`, /仅限物业员工/);
    expect(await say(t, '张伟', `演练 完成 #${id} 总结 好`)).toContain('已记录演练#1');
  });
});

describe('演练 列表', () => {
  it('lists open drills soonest first and marks overdue ones', async () => {
    t = await buildTestApp();
    await newDrill(t, '演练 新增 2026-12-01 15:00 3号楼 消防疏散演练');
    await newDrill(t, '演练 新增 2026-11-24 10:00 消防水泵试开泵');
    await newDrill(t, '演练 新增 2026-11-25 10:00 2号楼 电梯困人演练');
    await say(t, '赵强', '演练 完成 #3 总结 正常');
    t.clock.set('2026-11-24T12:00:00+08:00');
    const r = await say(t, '张伟', '演练 列表');
    const lines = r.split('\n');
    expect(lines[0]).toContain('待进行的演练和定期任务');
    expect(lines[1]).toMatch(/^- 【已超期2小时】演练#2 11月24日 10:00 消防水泵试开泵（赵强，每月）$/);
    expect(lines[2]).toMatch(/^- 演练#1 12月1日 15:00 3号楼 消防疏散演练/);
    expect(r).not.toContain('演练#3');
    expect(lines.at(-1)).toContain('演练 完成 #2 总结');
    expect(await say(t, '张伟', '演练')).toBe(r);
  });

  it('an empty list says how to add one', async () => {
    t = await buildTestApp();
    expect(await say(t, '张伟', '演练 列表')).toContain('目前没有待进行的演练或定期任务。新增请发送「演练 新增');
  });
});
