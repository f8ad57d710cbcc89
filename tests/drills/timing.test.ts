// When drills fall due and when they are reminded: the bugs a new user found, each pinned.
//  - default tasks fell due at whatever minute the job ran; the next occurrence copied the completion time;
//  - a drill registered for tomorrow 15:00 got its 1-day reminder a minute later (168 h one for 2 days out);
//  - the error for a past date suggested that same past date.
import { afterEach, describe, expect, it } from 'vitest';
import { drillDefaults } from '../../src/handlers/jobs/drill-defaults.js';
import { drillReminders } from '../../src/handlers/jobs/drill-reminders.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { drillRow, drills, newDrill, outbox, planAndRecord, runJob } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

const at = (iso: string) => new Date(iso);
const dueOf = async (t: TestApp, kind: string) => (await drills(t)).filter((d) => d.kind === kind && d.status === 'open').map((d) => d.dueAt);
const reminderKeys = async (t: TestApp) => (await outbox(t)).filter((o) => o.dedupeKey.includes(':remind:') && o.channel === 'console-group').map((o) => o.dedupeKey);
/** Runs the reminder job at each instant in turn; the reminders queued so far. */
async function remindersAfter(t: TestApp, ...instants: string[]): Promise<string[]> {
  for (const now of instants) await runJob(t, drillReminders, now);
  return reminderKeys(t);
}

describe('default tasks fall due at the configured time on a working day', () => {
  it('at 09:00, not at the minute the job ran; a holiday (国庆) moves the day forward', async () => {
    t = await buildTestApp({ env: { DRILL_DEFAULT_KINDS: 'pump-test,fire-team-training,fire-drill' } });
    await runJob(t, drillDefaults, '2026-09-01T03:15:00+08:00'); // Tuesday
    // One month later is 10月1日 (National Day holiday, 10月1日–7日): the next working day is 10月8日.
    expect(await dueOf(t, 'pump-test')).toEqual([at('2026-10-08T09:00:00+08:00')]);
    expect(await dueOf(t, 'fire-team-training')).toEqual([at('2026-12-01T09:00:00+08:00')]);
    expect(await dueOf(t, 'fire-drill')).toEqual([at('2027-03-01T09:00:00+08:00')]);
  });

  it('a 调休 Sunday is a working day and keeps its date; a plain weekend moves to Monday', async () => {
    t = await buildTestApp({ env: { DRILL_DEFAULT_KINDS: 'pump-test,fire-drill' } });
    await runJob(t, drillDefaults, '2026-08-20T00:05:00+08:00');
    expect(await dueOf(t, 'pump-test')).toEqual([at('2026-09-20T09:00:00+08:00')]); // Sunday, worked (调休 for 国庆)
    // 2027-02-20 is a Saturday.
    expect(await dueOf(t, 'fire-drill')).toEqual([at('2027-02-22T09:00:00+08:00')]);
  });

  it('DRILL_DEFAULT_TIME sets the time of day', async () => {
    t = await buildTestApp({ env: { DRILL_DEFAULT_KINDS: 'pump-test', DRILL_DEFAULT_TIME: '08:30' } });
    await runJob(t, drillDefaults, '2026-11-23T00:05:00+08:00');
    expect(await dueOf(t, 'pump-test')).toEqual([at('2026-12-23T08:30:00+08:00')]);
  });
});

describe('the next occurrence keeps the planned time', () => {
  it('recorded at 03:15 the next day: due on the planned date plus the period at the planned 15:00', async () => {
    t = await buildTestApp();
    const { reply: r } = await planAndRecord(t, '演练 新增 2026-12-01 15:00 3号楼 消防疏散演练', '2026-12-02T03:15:00+08:00');
    expect(r).toContain('已自动安排下一次：演练#2，时间 2027年6月1日 15:00');
    expect(r).not.toContain('03:15');
    expect((await drillRow(t, 2)).dueAt).toEqual(at('2027-06-01T15:00:00+08:00'));
  });

  it('a default task recorded late keeps 09:00 and its planned day, moved off the weekend', async () => {
    t = await buildTestApp({ env: { DRILL_DEFAULT_KINDS: 'pump-test' } });
    await runJob(t, drillDefaults, '2026-11-23T00:05:00+08:00');
    expect(await dueOf(t, 'pump-test')).toEqual([at('2026-12-23T09:00:00+08:00')]);
    t.clock.set('2026-12-24T16:30:00+08:00');
    await say(t, '赵强', '演练 完成 #1 总结 试泵正常');
    // 2027-01-23 is a Saturday: Monday 01-25, 09:00.
    expect(await dueOf(t, 'pump-test')).toEqual([at('2027-01-25T09:00:00+08:00')]);
  });

  it('recorded early: counted from the day it was done (never longer apart than the period), still at the planned time', async () => {
    t = await buildTestApp({ env: { DRILL_DEFAULT_KINDS: 'pump-test' } });
    await runJob(t, drillDefaults, '2026-11-23T00:05:00+08:00');
    t.clock.set('2026-12-15T10:20:00+08:00');
    await say(t, '赵强', '演练 完成 #1 总结 提前试泵');
    expect(await dueOf(t, 'pump-test')).toEqual([at('2027-01-15T09:00:00+08:00')]);
  });
});

describe('reminders never fire before their offset and are skipped when it had passed at registration', () => {
  it('registered at 15:01 for tomorrow 15:00: no 1-day reminder (its moment had passed), the 2-hour one at 13:00', async () => {
    t = await buildTestApp();
    t.clock.set('2026-11-23T15:01:00+08:00');
    const r = await say(t, '赵强', '演练 新增 明天 15:00 2号楼 电梯困人演练');
    expect(r).toContain('将在2小时前提醒');
    expect(await remindersAfter(t, '2026-11-23T15:02:00+08:00', '2026-11-24T09:00:00+08:00', '2026-11-24T12:59:00+08:00')).toEqual([]);
    expect(await remindersAfter(t, '2026-11-24T13:00:00+08:00', '2026-11-24T13:01:00+08:00')).toEqual(['drill:1:remind:2h@console-group']);
  });

  it('registered at 09:00 for tomorrow 15:00: the 1-day reminder at today 15:00, not before, exactly once', async () => {
    t = await buildTestApp();
    await newDrill(t, '演练 新增 明天 15:00 2号楼 电梯困人演练');
    expect(await remindersAfter(t, '2026-11-23T09:01:00+08:00', '2026-11-23T14:59:00+08:00')).toEqual([]);
    expect(await remindersAfter(t, '2026-11-23T15:00:00+08:00', '2026-11-23T15:01:00+08:00')).toEqual(['drill:1:remind:24h@console-group']);
    expect((await outbox(t)).find((o) => o.dedupeKey === 'drill:1:remind:24h@console-group')!.text).toContain('还有1天');
  });

  it('a drill 2 days out skips the 7-day reminder', async () => {
    t = await buildTestApp();
    const r = await say(t, '赵强', '演练 新增 2026-11-25 09:00 2号楼 电梯困人演练');
    expect(r).toContain('将在1天、2小时前提醒');
    expect(await remindersAfter(t, '2026-11-23T09:01:00+08:00')).toEqual([]);
    expect(await remindersAfter(t, '2026-11-24T09:00:00+08:00')).toEqual(['drill:1:remind:24h@console-group']);
  });
});

describe('error examples are in the future', () => {
  it('a past date is refused with an example a week ahead, never the same past date', async () => {
    t = await buildTestApp();
    t.clock.set('2026-12-05T09:00:00+08:00');
    const past = await say(t, '赵强', '演练 新增 2026-12-01 15:00 3号楼 消防疏散演练');
    expect(past).toContain('已经过去');
    expect(past).not.toContain('例如「演练 新增 2026-12-01');
    expect(past).toContain('例如「演练 新增 2026-12-12 15:00 3号楼 消防疏散演练」');
    expect(await say(t, '赵强', '演练 新增 消防疏散演练')).toContain('例如「演练 新增 2026-12-12 15:00');
    t.clock.set('2027-03-01T09:00:00+08:00');
    expect(await say(t, '赵强', '演练 新增 2027-02-01 15:00 消防疏散演练')).toContain('例如「演练 新增 2027-03-08 15:00');
  });
});
