// The escalation ladder walked with an injected clock: warning, breach, supervisor, manager.
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.js';
import { slaSweep } from '../../src/handlers/jobs/sla-sweep.js';
import { jobContext } from '../../src/scheduler.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const at = (t: TestApp, minutes: number) => new Date(t.clock.now().getTime() + minutes * MINUTE);
const sweep = (t: TestApp, now: Date) => slaSweep.run(jobContext(t.runtime, now)) as Promise<{ clocks: number; alerts: number; queued: number }>;
async function slaRows(t: TestApp) {
  const rows = await t.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: 'sla:' } }, orderBy: { id: 'asc' } });
  const people = new Map((await t.stores.people.list()).map((p) => [String(p.id), p.name]));
  return rows.map((r) => ({ level: /:L(\d):/.exec(r.dedupeKey)![1], to: r.channel === 'console-group' ? '值班群' : people.get(r.recipient), text: r.text, status: r.status, key: r.dedupeKey }));
}

describe('SLA sweep: a repair nobody answers climbs the ladder', () => {
  it('warns at 80 %, breaches at 100 % (owner + lead), escalates at 150 % and 200 %, each level once', async () => {
    t = await buildTestApp();
    const reply = await say(t, '王芳', '报修 3栋2单元1502 厨房水管漏水');
    expect(reply).toMatch(/报修#1/);
    // Response clock: 30 min → 24, 30, 45, 60 minutes.
    expect((await sweep(t, at(t, 23))).alerts).toBe(0);
    expect(await slaRows(t)).toEqual([]);

    expect((await sweep(t, at(t, 24))).alerts).toBe(1);
    let rows = await slaRows(t);
    expect(rows.map((r) => [r.level, r.to])).toEqual([['0', '值班群']]);
    expect(rows[0]!.text).toContain('⏰ 即将超时｜报修#1 响应时限');
    expect(rows[0]!.text).toContain('还剩 6分钟');
    expect(rows[0]!.text).toContain('3栋2单元*** 厨房水管漏水'); // the duty group: the room number is masked
    expect(rows[0]!.text).toContain('👉 接单 #1 或 派单 #1 姓名');
    expect(rows[0]!.text).not.toContain('13800000001');

    // Running again at the same instant, or a minute later, sends nothing new.
    expect((await sweep(t, at(t, 24))).alerts).toBe(0);
    expect((await sweep(t, at(t, 25))).alerts).toBe(0);

    await sweep(t, at(t, 30));
    rows = await slaRows(t);
    expect(rows.filter((r) => r.level === '1').map((r) => r.to)).toEqual(['值班群', '赵强']);
    expect(rows.find((r) => r.level === '1')!.text).toMatch(/🔴 已超时｜报修#1 响应已超时 \d+分钟（时限 11月23日 09:30）/);

    await sweep(t, at(t, 45));
    rows = await slaRows(t);
    expect(rows.filter((r) => r.level === '2').map((r) => r.to)).toEqual(['陈静']);
    expect(rows.find((r) => r.level === '2')!.text).toContain('超时升级·主管｜报修#1 响应已超时 15分钟');

    await sweep(t, at(t, 60));
    rows = await slaRows(t);
    expect(rows.filter((r) => r.level === '3').map((r) => r.to)).toEqual(['刘洋']);

    const count = rows.length;
    await sweep(t, at(t, 70)); // the resolve clock (4 h) has not reached 80 % yet
    expect((await slaRows(t)).length).toBe(count);
  });

  it('after downtime only the highest crossed level is sent', async () => {
    t = await buildTestApp();
    await say(t, '王芳', '报修 3栋2单元1502 厨房水管漏水');
    await sweep(t, at(t, 50));
    const rows = await slaRows(t);
    expect(rows.map((r) => r.level)).toEqual(['2']);
    await sweep(t, at(t, 61));
    expect((await slaRows(t)).map((r) => r.level)).toEqual(['2', '3']);
  });

  it('accepting the order meets the response clock: pending alerts are cancelled and no breach follows', async () => {
    t = await buildTestApp();
    await say(t, '王芳', '报修 3栋2单元1502 厨房水管漏水');
    await sweep(t, at(t, 25));
    expect((await slaRows(t)).map((r) => r.status)).toEqual(['pending']);
    t.clock.advance(26 * MINUTE);
    expect(await say(t, '张伟', '接单 #1')).toContain('接单');
    expect((await slaRows(t)).map((r) => r.status)).toEqual(['cancelled']);
    // The arrival clock (20 min from acceptance) now runs; the response clock never breaches.
    await sweep(t, at(t, 10));
    const rows = await slaRows(t);
    expect(rows.some((r) => r.key.includes(':response:') && r.level !== '0')).toBe(false);
    await sweep(t, at(t, 16));
    const arrival = (await slaRows(t)).filter((r) => r.key.includes(':arrival:'));
    expect(arrival.map((r) => [r.level, r.to])).toEqual([['0', '张伟']]);
    expect(arrival[0]!.text).toContain('负责人：张伟');
    expect(arrival[0]!.text).toContain('👉 到场 #1');
  });

  it('a complaint not answered in 2 hours reaches the owner, then the supervisor, with the 回复 command', async () => {
    t = await buildTestApp();
    await say(t, '王芳', '投诉 7栋1单元803 楼道垃圾三天没人清理');
    await sweep(t, at(t, 120));
    const rows = await slaRows(t);
    expect(rows.every((r) => r.level === '1')).toBe(true);
    expect(rows[0]!.text).toMatch(/投诉#1 首次答复已超时/);
    expect(rows[0]!.text).toContain('👉 回复 #1 答复内容');
  });

  it('overlapping sweeps and a sweep re-run from stale clock state never queue an alert twice', async () => {
    t = await buildTestApp();
    for (let i = 0; i < 5; i++) await say(t, '李娜', `报修 ${i + 1}栋1单元101 灯不亮`);
    await Promise.all([sweep(t, at(t, 31)), sweep(t, at(t, 31)), sweep(t, at(t, 31))]);
    const first = (await slaRows(t)).length;
    expect(first).toBe(10); // 5 tickets × (duty group + 工程 lead)
    // A crash after the outbox write but before the clock update looks like this: the clock is behind.
    await t.prisma.slaClock.updateMany({ data: { nextLevel: 0, nextFireAt: at(t, 0) } });
    await sweep(t, at(t, 31));
    expect((await slaRows(t)).length).toBe(first);
  });

  it('a closed item stops its clocks instead of alerting', async () => {
    t = await buildTestApp();
    await say(t, '王芳', '报修 3栋2单元1502 厨房水管漏水');
    await t.prisma.ticket.update({ where: { id: 1 }, data: { status: 'cancelled' } });
    const r = await sweep(t, at(t, 300)); // past every clock's next level
    expect(r.alerts).toBe(0);
    expect(await t.prisma.slaClock.count({ where: { active: true } })).toBe(0);
  });

  it('leave approval and handover confirmation clocks alert too', async () => {
    t = await buildTestApp();
    expect(await say(t, '张伟', '请假 明天 事假 家里有事')).toMatch(/请假#1/);
    expect(await say(t, '张伟', '交班 夜班巡逻4次 一切正常', true)).toMatch(/交班#1/);
    await sweep(t, at(t, 240));
    const rows = await slaRows(t);
    const leave = rows.find((r) => r.key.startsWith('sla:leave:1:approval'));
    expect(leave?.text).toMatch(/请假#1 审批已超时/);
    expect(leave?.text).toContain('批准 #1 或 驳回 #1 原因');
    const handover = rows.find((r) => r.key.startsWith('sla:handover:1:confirm'));
    expect(handover?.text).toMatch(/交班#1 接班确认已超时/);
    expect(handover?.text).toContain('👉 接班');
  });
});
