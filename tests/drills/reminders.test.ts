import { afterEach, describe, expect, it } from 'vitest';
import { drillReminders, reminderDue } from '../../src/handlers/jobs/drill-reminders.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { newDrill, outbox, runJob } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

const reminders = async (t: TestApp) => (await outbox(t)).filter((o) => o.dedupeKey.includes(':remind:'));
const keys = async (t: TestApp) => (await reminders(t)).map((o) => o.dedupeKey);

// Today is Monday 2026-11-23 09:00 (Asia/Shanghai); the drill is on 2026-12-01 15:00.
describe('drill reminders', () => {
  it('7 days, 1 day and 2 hours before, each exactly once, to the duty group and the owner', async () => {
    t = await buildTestApp();
    const id = await newDrill(t);
    const ownerId = (await t.stores.people.find('赵强'))!.id;
    await runJob(t, drillReminders, '2026-11-23T10:00:00+08:00');
    expect(await keys(t)).toEqual([]);
    for (const now of ['2026-11-24T15:00:00+08:00', '2026-11-24T15:01:00+08:00', '2026-11-25T09:00:00+08:00']) await runJob(t, drillReminders, now);
    expect(await keys(t)).toEqual([`drill:${id}:remind:168h@console-group`, `drill:${id}:remind:168h:person:${ownerId}`]);
    const first = (await reminders(t))[0]!;
    expect(first.text).toBe('【演练提醒】演练#1 3号楼 消防疏散演练 将于12月1日 15:00到期（还有7天），负责人：赵强。完成后请发送「演练 完成 #1 总结…」。');
    for (const now of ['2026-11-30T15:00:00+08:00', '2026-11-30T20:00:00+08:00', '2026-12-01T13:00:00+08:00', '2026-12-01T13:00:00+08:00', '2026-12-01T14:59:00+08:00']) await runJob(t, drillReminders, now);
    expect(await keys(t)).toEqual([
      'drill:1:remind:168h@console-group',
      `drill:1:remind:168h:person:${ownerId}`,
      'drill:1:remind:24h@console-group',
      `drill:1:remind:24h:person:${ownerId}`,
      'drill:1:remind:2h@console-group',
      `drill:1:remind:2h:person:${ownerId}`,
    ]);
    expect((await reminders(t)).at(-1)!.text).toContain('还有2小时');
    // After the due time the SLA sweep takes over: no more reminders.
    await runJob(t, drillReminders, '2026-12-01T16:00:00+08:00');
    expect(await reminders(t)).toHaveLength(6);
  });

  it('registered 1 hour ahead: the 2-hour moment had passed at registration, so no reminder is sent late', async () => {
    t = await buildTestApp();
    t.clock.set('2026-12-01T14:00:00+08:00');
    const r = await say(t, '赵强', '演练 新增 2026-12-01 15:00 3号楼 消防疏散演练'); // due in 1 hour
    expect(r).toContain('时间临近，不再另发提醒');
    await runJob(t, drillReminders, '2026-12-01T14:00:00+08:00');
    await runJob(t, drillReminders, '2026-12-01T14:30:00+08:00');
    expect(await keys(t)).toEqual([]);
  });

  it('a job running late skips the older thresholds', async () => {
    t = await buildTestApp();
    await newDrill(t);
    await runJob(t, drillReminders, '2026-11-30T16:00:00+08:00'); // 23 hours before: 168h and 24h crossed
    expect((await keys(t)).filter((k) => k.includes('@'))).toEqual(['drill:1:remind:24h@console-group']);
  });

  it('a recorded drill is not reminded; a default task without owner reminds its team leads', async () => {
    t = await buildTestApp();
    await newDrill(t);
    await say(t, '赵强', '演练 完成 #1 总结 提前完成');
    await t.stores.drills.create({ kind: 'hydrant-test', title: '室内消火栓、喷淋泄水测试', dueAt: new Date('2026-11-24T09:00:00+08:00'), intervalMonths: 3, team: '工程', createdAt: new Date('2026-11-23T09:00:00+08:00') });
    await runJob(t, drillReminders, '2026-11-23T10:00:00+08:00');
    const lead = (await t.stores.people.find('赵强'))!.id;
    expect(await keys(t)).toEqual(['drill:3:remind:24h@console-group', `drill:3:remind:24h:person:${lead}`]);
    expect((await reminders(t))[0]!.text).toContain('负责人：赵强');
  });

  it('DRILL_REMINDER_HOURS changes the thresholds', async () => {
    t = await buildTestApp({ env: { DRILL_REMINDER_HOURS: '48,1' } });
    const r = await say(t, '赵强', '演练 新增 2026-12-01 15:00 3号楼 消防疏散演练');
    expect(r).toContain('将在2天、1小时前提醒');
    await runJob(t, drillReminders, '2026-11-29T15:00:00+08:00');
    await runJob(t, drillReminders, '2026-12-01T14:00:00+08:00');
    expect((await keys(t)).filter((k) => k.includes('@'))).toEqual(['drill:1:remind:48h@console-group', 'drill:1:remind:1h@console-group']);
  });
});

describe('reminderDue', () => {
  const base = { intervalMonths: null, intervalHours: null, createdAt: new Date('2026-11-01T09:00:00+08:00') };
  const due = new Date('2026-12-01T15:00:00+08:00');
  const h = (n: number) => new Date(due.getTime() - n * 3_600_000);
  it.each([
    [200, null],
    [168, 168],
    [100, 168],
    [24, 24],
    [3, 24],
    [2, 2],
    [0.5, 2],
    [0, null],
    [-1, null],
  ])('%s hours before → %s', (before, expected) => {
    expect(reminderDue({ ...base, dueAt: due }, h(before), [168, 24, 2])).toBe(expected);
  });
  it('a task repeating every 2 hours is never reminded (its due time is the reminder); a monthly task is', () => {
    expect(reminderDue({ ...base, dueAt: due, intervalHours: 2 }, h(1), [168, 24, 2])).toBeNull();
    expect(reminderDue({ ...base, dueAt: due, intervalMonths: 1 }, h(100), [168, 24, 2])).toBe(168);
  });
  it('a threshold whose moment was before the registration is skipped, whenever the job runs', () => {
    const created = h(30); // registered 30 hours before due: the 7-day moment had passed, the 1-day one had not
    expect(reminderDue({ ...base, dueAt: due, createdAt: created }, h(29), [168, 24, 2])).toBeNull();
    expect(reminderDue({ ...base, dueAt: due, createdAt: created }, h(24), [168, 24, 2])).toBe(24);
    expect(reminderDue({ ...base, dueAt: due, createdAt: h(24) }, h(24), [168, 24, 2])).toBe(24);
    expect(reminderDue({ ...base, dueAt: due, createdAt: h(23) }, h(23), [168, 24, 2])).toBeNull();
  });
});
