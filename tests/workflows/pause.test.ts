// 暂停 / 恢复: a repair's SLA clocks stand still while the resident is away and run again later,
// every due time moved by the pause; the sweep sends nothing while paused and alerts at the new times.
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.js';
import { slaSweep } from '../../src/handlers/jobs/sla-sweep.js';
import { jobContext } from '../../src/scheduler.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { eventsOf, expectRefused, groupPushes, idOf, newComplaint, newRepair, pushesTo, ticketRow } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

const HOUR = 60 * MINUTE;
const local = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00+08:00`);
const sweep = (t: TestApp, now: Date) => slaSweep.run(jobContext(t.runtime, now)) as Promise<{ clocks: number; alerts: number; queued: number }>;
const slaRows = (t: TestApp) => t.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: 'sla:' } }, orderBy: { id: 'asc' } });
const clock = (t: TestApp, name: string) => t.prisma.slaClock.findFirstOrThrow({ where: { itemType: 'ticket', itemId: 1, clock: name } });

describe('暂停 / 恢复 a repair', () => {
  it('stops the arrival and resolve clocks, sends nothing while paused, and resumes with every due time moved by the pause', async () => {
    t = await buildTestApp(); // 09:00
    expect(await newRepair(t, '王芳')).toBe(1); // response due 09:30, resolve due 13:00
    t.clock.advance(5 * MINUTE);
    expect(await say(t, '张伟', '接单 #1')).toContain('11月23日 09:25'); // arrival: 09:05 → 09:25

    // The arrival warning (80 % = 09:21) is queued before the pause …
    expect((await sweep(t, local('09:21'))).alerts).toBe(1);
    expect((await slaRows(t)).map((r) => r.status)).toEqual(['pending']);

    t.clock.advance(17 * MINUTE); // 09:22
    const paused = await say(t, '张伟', '暂停 #1 住户不在家，明天上午再来');
    expect(paused.split('\n')).toEqual([
      '已暂停计时：报修#1 3栋2单元1502 厨房水管漏水',
      '原因：住户不在家，明天上午再来',
      '已停止的时限：到场（原定11月23日 09:25）、完工（原定11月23日 13:00）',
      '可以继续时请发送「恢复 #1」，时限将顺延暂停的时长。',
    ]);
    // … and cancelled by it.
    expect((await slaRows(t)).map((r) => r.status)).toEqual(['cancelled']);

    let row = await ticketRow(t, 1);
    expect(row.pausedAt).toEqual(local('09:22'));
    expect(row.status).toBe('accepted');
    const pauseEvent = (await eventsOf(t, 1)).at(-1)!;
    expect(pauseEvent).toMatchObject({ action: 'pause', note: '住户不在家，明天上午再来', fromStatus: 'accepted', toStatus: 'accepted', actorId: await idOf(t, '张伟') });
    for (const name of ['arrival', 'resolve']) expect(await clock(t, name)).toMatchObject({ active: true, pausedAt: local('09:22'), nextFireAt: null });

    // The resident hears why, once.
    const toResident = (await pushesTo(t, '王芳')).at(-1)!;
    expect(toResident.dedupeKey).toBe(`pause:1:${pauseEvent.id}`);
    expect(toResident.text).toContain('报修#1');
    expect(toResident.text).toContain('住户不在家，明天上午再来');

    const shown = await say(t, '李娜', '查询 #1');
    expect(shown).toContain('报修#1 已接单·已暂停');
    expect(shown).toContain('已暂停：11月23日 09:22起，原因：住户不在家，明天上午再来');
    expect(shown).toContain('11月23日 09:22 张伟 暂停计时：住户不在家，明天上午再来');
    expect(shown).toContain('下一步：恢复 #1');

    // Far past the original due times (arrival 09:25, resolve 13:00): no alert.
    for (const hhmm of ['09:25', '09:45', '13:00', '14:00', '14:21']) expect((await sweep(t, local(hhmm))).alerts).toBe(0);
    expect(await slaRows(t)).toHaveLength(1);

    await expectRefused(t, '张伟', '暂停 #1 还是不在家', /已于11月23日 09:22暂停计时，无需重复暂停/);

    // Five hours later the resident is home.
    t.clock.advance(5 * HOUR); // 14:22
    const resumed = await say(t, '张伟', '恢复 #1');
    expect(resumed.split('\n')).toEqual([
      '已恢复计时：报修#1，共暂停5小时。',
      '到场时限：11月23日 14:25（原定11月23日 09:25）',
      '完工时限：11月23日 18:00（原定11月23日 13:00）',
      '到场后请回复「到场 #1」。',
    ]);
    row = await ticketRow(t, 1);
    expect(row.pausedAt).toBeNull();
    expect(row.arrivalDueAt).toEqual(local('14:25'));
    expect(row.resolveDueAt).toEqual(local('18:00'));
    expect(row.responseDueAt).toEqual(local('09:30')); // met before the pause: untouched
    // The warning was already sent for the arrival clock: the next level is the breach, at the new due time.
    expect(await clock(t, 'arrival')).toMatchObject({ startedAt: local('14:05'), dueAt: local('14:25'), pausedAt: null, nextLevel: 1, nextFireAt: local('14:25') });
    expect(await clock(t, 'resolve')).toMatchObject({ startedAt: local('14:00'), dueAt: local('18:00'), pausedAt: null, nextLevel: 0, nextFireAt: local('17:12') });

    const resumeEvent = (await eventsOf(t, 1)).at(-1)!;
    expect(resumeEvent).toMatchObject({ action: 'resume', note: '暂停5小时，到场顺延至11月23日 14:25，完工顺延至11月23日 18:00' });
    const group = (await groupPushes(t)).at(-1)!;
    expect(group.dedupeKey.split('@')[0]).toBe(`resume:1:${resumeEvent.id}`); // the group's channel is appended
    expect(group.text).toContain('【恢复计时】报修#1');
    expect(group.text).toContain('住户不在家');
    expect(group.text).toContain('到场时限：11月23日 14:25');
    expect(group.text).not.toContain('13800000001');

    const after = await say(t, '李娜', '查询 #1');
    expect(after).not.toContain('已暂停');
    expect(after).toContain('11月23日 14:22 张伟 恢复计时：暂停5小时，到场顺延至11月23日 14:25，完工顺延至11月23日 18:00');
    expect(after).toContain('下一步：到场 #1');
    expect(await expectRefused(t, '张伟', '恢复 #1', /没有暂停计时，无需恢复/)).toBeTruthy();

    // The sweep alerts at the shifted times.
    expect((await sweep(t, local('14:24'))).alerts).toBe(0);
    expect((await sweep(t, local('14:25'))).alerts).toBe(1);
    const breach = (await slaRows(t)).filter((r) => r.status === 'pending');
    expect(breach.map((r) => r.dedupeKey)).toEqual([
      `sla:ticket:1:arrival:${local('14:25').getTime()}:L1:p${await idOf(t, '张伟')}`,
      `sla:ticket:1:arrival:${local('14:25').getTime()}:L1:p${await idOf(t, '赵强')}`,
      // The 20-minute rule: the desk is asked to call the resident and agree a completion time.
      `sla:ticket:1:arrival:${local('14:25').getTime()}:L1:call:p${await idOf(t, '李娜')}`,
      `sla:ticket:1:arrival:${local('14:25').getTime()}:L1:call:p${await idOf(t, '周敏')}`,
    ]);
    expect(breach[0]!.text).toContain('报修#1 到场已超时');
    expect(breach[0]!.text).toContain('时限 11月23日 14:25');

    await say(t, '张伟', '到场 #1'); // meets arrival at 14:22 + 0 (the test clock did not move)
    const resolveRows = async () => (await slaRows(t)).filter((r) => r.dedupeKey.includes(':resolve:'));
    await sweep(t, local('17:11'));
    expect(await resolveRows()).toEqual([]);
    await sweep(t, local('17:12'));
    const warning = await resolveRows();
    expect(warning).toHaveLength(1);
    expect(warning[0]!.text).toContain('⏰ 即将超时｜报修#1 完工时限 11月23日 18:00，还剩 48分钟');
  });

  it('after arrival only the resolve clock stops; desk staff may pause and the engineer is told', async () => {
    t = await buildTestApp();
    await newRepair(t, '王芳');
    await say(t, '张伟', '接单 #1');
    t.clock.advance(10 * MINUTE);
    await say(t, '张伟', '到场 #1');
    t.clock.advance(20 * MINUTE); // 09:30
    const paused = await say(t, '李娜', '挂起 #1 住户要自己买配件');
    expect(paused).toContain('已停止的时限：完工（原定11月23日 13:00）');
    const toEngineer = (await pushesTo(t, '张伟')).at(-1)!;
    expect(toEngineer.text).toContain('住户要自己买配件');
    expect(toEngineer.text).toContain('恢复 #1');
    expect((await pushesTo(t, '王芳')).at(-1)!.text).toContain('住户要自己买配件');

    t.clock.advance(24 * HOUR);
    const resumed = await say(t, '赵强', '继续 #1 配件已到');
    expect(resumed).toContain('共暂停1天');
    expect(resumed).toContain('完工时限：11月24日 13:00（原定11月23日 13:00）');
    expect(resumed).toContain('完工后请回复「完工 #1 处理说明」');
    const row = await ticketRow(t, 1);
    expect(row.resolveDueAt).toEqual(new Date('2026-11-24T13:00:00+08:00'));
    expect(row.arrivalDueAt).toEqual(local('09:20')); // met: not moved
    expect((await eventsOf(t, 1)).at(-1)!.note).toBe('暂停1天，完工顺延至11月24日 13:00；配件已到');
  });

  it('who may pause: the assignee, desk staff, leads and above; not residents nor other staff', async () => {
    t = await buildTestApp();
    await newRepair(t, '王芳');
    await say(t, '张伟', '接单 #1');
    await expectRefused(t, '王芳', '暂停 #1 我明天才在家', /^抱歉，暂停计时由接单人员、客服、组长、主管或经理操作/);
    await expectRefused(t, '孙磊', '暂停 #1 住户不在家', /^抱歉/);
    for (const who of ['赵强', '周敏', '陈静', '刘洋']) {
      expect(await say(t, who, '暂停 #1 住户不在家')).toContain('已暂停计时');
      await expectRefused(t, '王芳', '恢复 #1', /^抱歉，恢复计时由/);
      expect(await say(t, who, '恢复 #1')).toContain('已恢复计时');
    }
  });

  it('asks for a reason, and refuses closed, not yet accepted and complaint tickets', async () => {
    t = await buildTestApp();
    await newRepair(t, '王芳');
    await expectRefused(t, '李娜', '暂停 #1 住户不在家', /待派单」，不能暂停计时。请先接单/);
    await say(t, '张伟', '接单 #1');
    await expectRefused(t, '张伟', '暂停 #1', /^请写明暂停原因，例如「暂停 #1 住户不在家，明天上午再来」/);
    await expectRefused(t, '张伟', '暂停 住户不在家', /请注明单号，例如「暂停 #12 住户不在家，明天上午再来」/);
    await expectRefused(t, '张伟', '暂停 #99 住户不在家', /没有找到工单 #99/);

    await say(t, '张伟', '到场 #1');
    await say(t, '张伟', '完工 #1 已修好');
    await expectRefused(t, '李娜', '暂停 #1 住户不在家', /已完工」，不能暂停计时/);
    await say(t, '李娜', '回访 #1 5 电话回访住户满意');
    await say(t, '李娜', '关闭 #1');
    await expectRefused(t, '李娜', '暂停 #1 住户不在家', /报修#1 当前状态为「已关闭」，不能暂停计时/);

    const c = await newComplaint(t, '王芳');
    await expectRefused(t, '李娜', `暂停 #${c} 投诉人出差`, /投诉不能暂停计时/);
  });

  it('a paused repair that is cancelled is no longer shown as paused and cannot be resumed', async () => {
    t = await buildTestApp();
    await newRepair(t, '王芳');
    await say(t, '张伟', '接单 #1');
    await say(t, '张伟', '暂停 #1 住户不在家');
    expect(await say(t, '赵强', '取消 #1 住户已自行修好')).toContain('已取消');
    expect(await say(t, '李娜', '查询 #1')).not.toContain('已暂停');
    await expectRefused(t, '张伟', '恢复 #1', /已取消」，无需恢复计时/);
    expect((await t.prisma.slaClock.findMany({ where: { itemId: 1, active: true } })).length).toBe(0);
  });

  it('到场 on a paused repair resumes its clocks first, so the completion deadline runs again', async () => {
    t = await buildTestApp(); // 09:00
    expect(await newRepair(t, '王芳')).toBe(1);
    await say(t, '张伟', '接单 #1');
    await say(t, '张伟', '暂停 #1 住户不在家');
    t.clock.advance(2 * HOUR); // 11:00
    const reply = await say(t, '张伟', '到场 #1');
    expect(reply).toMatch(/^已恢复计时：报修#1，共暂停2小时/);
    expect(reply).toContain('已登记到场：报修#1');
    expect((await ticketRow(t, 1)).pausedAt).toBeNull();
    const resolve = await clock(t, 'resolve');
    expect(resolve.pausedAt).toBeNull();
    expect(resolve.nextFireAt).not.toBeNull();
    expect(resolve.dueAt.toISOString()).toBe(local('15:00').toISOString()); // 13:00 + 2 h paused
  });
});
