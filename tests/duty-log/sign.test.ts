// 值班日志: the day's handovers of a team, shown to its staff, signed by its lead (已阅 值班日志) exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSignDay } from '../../src/handlers/duty-log/handlers.js';
import { dailyDigest } from '../../src/handlers/jobs/daily-digest.js';
import { jobContext } from '../../src/scheduler.js';
import { buildTestApp, play, say, type TestApp } from '../helpers/app.js';
import { expectRefused, idOf } from '../workflows/util.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const reviews = (app: TestApp) => app.prisma.dutyLogReview.findMany({ orderBy: { id: 'asc' } });

/** 工程 hands over twice on Monday 2026-11-23 (the second one waits for 接班), 保安 once. */
async function monday(app: TestApp) {
  await app.stores.people.create({ name: '王磊', role: 'staff', team: '工程', phone: null });
  await play(app, [
    ['2026-11-23T08:00:00+08:00', '王芳', '报修 3栋2单元1502 厨房水管漏水 13800000001'],
    [null, '张伟', '接单 #1'],
    [null, '张伟', '交班 夜班巡查正常，3号楼电梯异响待跟进'],
    ['2026-11-23T08:05:00+08:00', '王磊', '接班'],
    ['2026-11-23T16:00:00+08:00', '王磊', '交班 白班正常 报修#1 明早继续'],
    [null, '孙磊', '交班 巡逻4次，无异常'],
  ]);
}

describe('值班日志', () => {
  it("shows a team's handovers of the day to its staff, lead and the supervisors; not to residents", async () => {
    t = await buildTestApp();
    await monday(t);
    t.clock.set('2026-11-23T18:00:00+08:00');
    const log = await say(t, '张伟', '值班日志');
    expect(log.split('\n')[0]).toBe('【值班日志】11月23日 工程组，交班 2 次');
    expect(log).toContain('交班#1 08:00 张伟 → 王磊（08:05接班）');
    expect(log).toContain('值班情况：夜班巡查正常，3号楼电梯异响待跟进');
    // 张伟 no longer works the repair (王磊 took it over at 接班): the room is masked for him, not for the lead.
    expect(log).toContain('待跟进：报修#1 3栋2单元*** 厨房水管漏水（现已接单）');
    expect(log).toContain('移交：报修#1');
    expect(log).toContain('交班#2 16:00 王磊，待接班');
    expect(log).toContain('组长签字：未签字。组长检查后请发送「已阅 值班日志 11月23日」。');
    expect(log).not.toContain('保安组');
    expect(await say(t, '赵强', '值班日志')).toContain('待跟进：报修#1 3栋2单元1502 厨房水管漏水（现已接单）');

    // Another team's log is not theirs to read; the supervisor reads all, or one team.
    await expectRefused(t, '张伟', '值班日志 保安', /只能查看本组（工程组）的值班日志/);
    const all = await say(t, '陈静', '值班日志');
    expect(all).toContain('【值班日志】11月23日 工程组');
    expect(all).toContain('【值班日志】11月23日 保安组，交班 1 次');
    expect(await say(t, '陈静', '值班日志 保安组')).not.toContain('工程组');
    // A group sees no room number.
    expect(await say(t, '赵强', '值班日志', true)).toContain('3栋2单元***');
    expect(await say(t, '王芳', '值班日志')).not.toContain('【值班日志】');
    // Other days by name or date; a day to come is refused.
    t.clock.set('2026-11-24T09:00:00+08:00');
    expect(await say(t, '赵强', '值班日志')).toContain('11月24日工程组没有交班记录');
    expect(await say(t, '赵强', '值班日志 昨天')).toContain('【值班日志】11月23日 工程组');
    expect(await say(t, '赵强', '值班日志 2026-11-23')).toContain('交班 2 次');
    expect(await say(t, '赵强', '值班日志 11/23')).toContain('交班 2 次');
    expect(await say(t, '赵强', '值班日志 明天')).toContain('11月25日还没到');
    expect(await say(t, '赵强', '值班日志 2月30日')).toContain('「2月30日」不是有效的日期');
  });

  it('the lead signs once; a repeat says who signed and when, and writes nothing', async () => {
    t = await buildTestApp();
    await monday(t);
    // Tuesday 08:30, before noon: 已阅 值班日志 is yesterday's log.
    t.clock.set('2026-11-24T08:30:00+08:00');
    const signed = await say(t, '赵强', '已阅 值班日志 电梯异响已报修');
    expect(signed).toContain('已签字确认：11月23日 工程组值班日志（交班 2 次），签字人赵强，11月24日 08:30。');
    expect(signed).toContain('其中交班#2尚未接班');
    const rows = await reviews(t);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ propertyId: 1, team: '工程', date: '2026-11-23', kind: 'daily', reviewerId: await idOf(t, '赵强'), note: '电梯异响已报修' });
    expect(rows[0]!.reviewedAt).toEqual(new Date('2026-11-24T08:30:00+08:00'));

    t.clock.set('2026-11-24T10:00:00+08:00');
    expect(await say(t, '赵强', '已阅 值班日志 昨天')).toBe('11月23日 工程组值班日志已于11月24日 08:30由您签字确认，无需重复。');
    expect(await say(t, '陈静', '已阅 值班日志 11月23日 工程')).toBe('11月23日 工程组值班日志已于11月24日 08:30由赵强签字确认，无需重复。');
    expect(await reviews(t)).toHaveLength(1);
    expect(await say(t, '赵强', '值班日志 昨天')).toContain('组长签字：赵强 11月24日 08:30 已阅，备注：电梯异响已报修');
  });

  it('who may sign which log', async () => {
    t = await buildTestApp();
    await monday(t);
    t.clock.set('2026-11-23T18:00:00+08:00');
    await expectRefused(t, '张伟', '已阅 值班日志', /值班日志由组长检查并签字确认/);
    await expectRefused(t, '赵强', '已阅 值班日志 保安', /只能签字本组（工程组）的值班日志/);
    await expectRefused(t, '周敏', '已阅 值班日志', /11月23日客服组没有交班记录，没有需要签字的值班日志/);
    // Two teams handed over that day: the supervisor names one.
    await expectRefused(t, '陈静', '已阅 值班日志', /有保安组、工程组的值班日志，请写明组别，例如「已阅 值班日志 11月23日 保安」/);
    expect(await say(t, '陈静', '已阅 值班日志 保安 组长休假，代签')).toContain('已签字确认：11月23日 保安组值班日志');
    // 18:00 is after noon: the lead signs today's log.
    expect(await say(t, '赵强', '已阅 值班日志')).toContain('11月23日 工程组值班日志');
    expect((await reviews(t)).map((r) => [r.team, r.date])).toEqual([['保安', '2026-11-23'], ['工程', '2026-11-23']]);
    // 已阅 alone is ordinary chat.
    expect(await say(t, '赵强', '已阅', true)).toBe('');
  });

  it('the default day turns at DUTY_LOG_SAME_DAY_FROM', () => {
    const at = (iso: string, from = '12:00') => defaultSignDay(new Date(iso), from, 480);
    expect(at('2026-11-24T11:59:00+08:00')).toBe('2026-11-23');
    expect(at('2026-11-24T12:00:00+08:00')).toBe('2026-11-24');
    expect(at('2026-11-24T07:00:00+08:00', '06:30')).toBe('2026-11-24');
    expect(at('2026-11-24T00:10:00+08:00')).toBe('2026-11-23');
  });

  it('the 18:00 digest asks the lead to sign until it is signed', async () => {
    t = await buildTestApp();
    await monday(t);
    await say(t, '李娜', '交班 前台正常');
    t.clock.set('2026-11-23T17:30:00+08:00');
    expect(await say(t, '周敏', '已阅 值班日志')).toContain('已签字确认：11月23日 客服组值班日志');
    await dailyDigest.run(jobContext(t.runtime, new Date('2026-11-23T18:00:00+08:00')));
    const digest = async (name: string) => {
      const key = `digest:2026-11-23:${await idOf(t!, name)}`;
      return (await t!.prisma.outbox.findMany()).find((r) => r.dedupeKey === key)!.text;
    };
    expect(await digest('赵强')).toContain('今日交班 2 次，值班日志待签字：发送「值班日志」查看，检查后发送「已阅 值班日志 11月23日」。');
    expect(await digest('周敏')).not.toContain('待签字');
  });
});
