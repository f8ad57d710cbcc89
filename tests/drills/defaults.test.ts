import { afterEach, describe, expect, it } from 'vitest';
import { defaultFor, DRILL_DEFAULTS, kindOf } from '../../src/handlers/drill/defaults.js';
import { addMonths, followingDue, nextAnchor, type DueRules } from '../../src/handlers/drill/schedule.js';
import { createCalendar } from '../../src/handlers/sla/calendar.js';
import { drillDefaults } from '../../src/handlers/jobs/drill-defaults.js';
import type { Drill } from '../../src/store/index.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { clockOf, drillRow, drills, outbox, runJob } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

const OFF = 480;
const at = (iso: string) => new Date(iso);
const rules: DueRules = { offsetMinutes: OFF, time: '09:00', isWorkday: createCalendar(OFF).isWorkday };

describe('date arithmetic', () => {
  it('addMonths keeps the local time and clamps the day', () => {
    expect(addMonths(at('2026-11-23T09:00:00+08:00'), 6, OFF)).toEqual(at('2027-05-23T09:00:00+08:00'));
    expect(addMonths(at('2027-01-31T23:30:00+08:00'), 1, OFF)).toEqual(at('2027-02-28T23:30:00+08:00'));
    expect(addMonths(at('2026-12-15T00:30:00+08:00'), 1, OFF)).toEqual(at('2027-01-15T00:30:00+08:00'));
  });
  it('nextAnchor: the last working day of the next anchor month, at the default time, strictly after', () => {
    expect(nextAnchor(at('2026-11-23T09:00:00+08:00'), [6, 12], rules)).toEqual(at('2026-12-31T09:00:00+08:00'));
    expect(nextAnchor(at('2026-12-31T09:00:00+08:00'), [6, 12], rules)).toEqual(at('2027-06-30T09:00:00+08:00'));
    expect(nextAnchor(at('2027-01-05T09:00:00+08:00'), [12, 6], rules)).toEqual(at('2027-06-30T09:00:00+08:00'));
    // 2026-05-31 is a Sunday: the Friday before.
    expect(nextAnchor(at('2026-05-01T09:00:00+08:00'), [5], rules)).toEqual(at('2026-05-29T09:00:00+08:00'));
  });
  it('followingDue: the planned day plus the period at the planned time; early recordings count from their day', () => {
    const d = (o: Partial<Drill>) => ({ id: 1, kind: 'custom', title: 'x', location: null, dueAt: at('2026-12-01T15:00:00+08:00'), intervalMonths: null, intervalHours: null, status: 'open', result: null, ownerId: 7, team: null, completedAt: null, completedById: null, previousId: null, createdAt: at('2026-11-01T00:00:00Z'), ...o }) as Drill;
    expect(followingDue(d({}), at('2026-12-01T16:00:00+08:00'), rules)).toBeNull();
    // Late: from the planned day (12-01 + 1 month = 2027-01-01, a Friday), at the planned 15:00.
    expect(followingDue(d({ kind: 'pump-test', intervalMonths: 1 }), at('2026-12-03T10:00:00+08:00'), rules, defaultFor('pump-test'))).toEqual(at('2027-01-01T15:00:00+08:00'));
    // An auto-scheduled one (no owner) is due at the default time, whatever time the row had.
    expect(followingDue(d({ kind: 'pump-test', intervalMonths: 1, ownerId: null, dueAt: at('2026-12-01T00:05:00+08:00') }), at('2026-12-03T10:00:00+08:00'), rules, defaultFor('pump-test'))).toEqual(at('2027-01-01T09:00:00+08:00'));
    // Recorded more than a period late: the first planned day after the recording.
    expect(followingDue(d({ intervalMonths: 1 }), at('2027-01-20T10:00:00+08:00'), rules)).toEqual(at('2027-02-01T15:00:00+08:00'));
    // Every N hours: the next planned slot after the recording.
    expect(followingDue(d({ intervalHours: 4 }), at('2026-12-01T16:10:00+08:00'), rules)).toEqual(at('2026-12-01T19:00:00+08:00'));
    // A survey due 12月31日 done early (11月) is not due again in December, but at the end of June.
    expect(followingDue(d({ kind: 'survey', intervalMonths: 6, dueAt: at('2026-12-31T09:00:00+08:00') }), at('2026-11-28T10:00:00+08:00'), rules, defaultFor('survey'))).toEqual(at('2027-06-30T09:00:00+08:00'));
  });
  it('kindOf matches chat titles to default kinds', () => {
    expect(kindOf('消防疏散演练')?.kind).toBe('fire-drill');
    expect(kindOf('灭火器普查换药')?.kind).toBe('extinguisher');
    expect(kindOf('消防水泵试开泵')?.kind).toBe('pump-test');
    expect(kindOf('烟感探头轮测')?.kind).toBe('detector-test');
    expect(kindOf('电梯困人演练')).toBeUndefined();
  });
});

describe('drill-defaults job', () => {
  it('creates one open occurrence per default kind with its clock, once; tells the duty group once', async () => {
    t = await buildTestApp();
    const now = '2026-11-23T09:00:00+08:00';
    expect(await runJob(t, drillDefaults, now)).toEqual({ created: DRILL_DEFAULTS.length });
    expect(await runJob(t, drillDefaults, now)).toEqual({ created: 0 });
    expect(await runJob(t, drillDefaults, '2026-11-24T00:05:00+08:00')).toEqual({ created: 0 });
    const rows = await drills(t);
    expect(rows).toHaveLength(DRILL_DEFAULTS.length);
    const byKind = Object.fromEntries(rows.map((r) => [r.kind, r]));
    // 2027-05-23 is a Sunday: Monday, at the default 09:00.
    expect(byKind['fire-drill']!.dueAt).toEqual(at('2027-05-24T09:00:00+08:00'));
    expect(byKind['pump-test']!.dueAt).toEqual(at('2026-12-23T09:00:00+08:00'));
    expect(byKind['fire-patrol']).toBeUndefined(); // patrols run in rounds (tests/drills/patrol.test.ts)
    expect(byKind['survey']!.dueAt).toEqual(at('2026-12-31T09:00:00+08:00'));
    expect(byKind['extinguisher']).toMatchObject({ team: '保安', intervalMonths: 6, ownerId: null, status: 'open' });
    for (const r of rows) expect((await clockOf(t, r.id))!.dueAt).toEqual(r.dueAt);
    const group = (await outbox(t)).filter((o) => o.channel === 'console-group');
    expect(group).toHaveLength(1);
    expect(group[0]!.text).toContain(`已自动安排${DRILL_DEFAULTS.length}项`);
  });

  it('a kind planned in chat is not duplicated; a recorded one is followed by its next occurrence, not a new default', async () => {
    t = await buildTestApp({ env: { DRILL_DEFAULT_KINDS: 'fire-drill,pump-test' } });
    await say(t, '赵强', '演练 新增 2026-12-01 15:00 3号楼 消防疏散演练');
    await runJob(t, drillDefaults, '2026-11-23T09:00:00+08:00');
    expect((await drills(t)).map((d) => d.kind)).toEqual(['fire-drill', 'pump-test']);
    t.clock.set('2026-12-01T16:00:00+08:00');
    await say(t, '赵强', '演练 完成 #1 总结 正常');
    await runJob(t, drillDefaults, '2026-12-02T00:05:00+08:00');
    const rows = await drills(t);
    expect(rows.map((d) => [d.id, d.kind, d.status, d.previousId])).toEqual([
      [1, 'fire-drill', 'done', null],
      [2, 'pump-test', 'open', null],
      [3, 'fire-drill', 'open', 1],
    ]);
  });

  it('an open fire-patrol drill left from before patrols ran in rounds is retired with its clock, once', async () => {
    t = await buildTestApp({ env: { DRILL_DEFAULT_KINDS: 'none' } });
    const old = await t.stores.drills.create({ kind: 'fire-patrol', title: '消防安全重点部位防火巡查', dueAt: at('2026-10-24T11:00:00+08:00'), intervalHours: 2, team: '保安', createdAt: at('2026-10-24T09:00:00+08:00') });
    await t.stores.slaClocks.upsert({ itemType: 'drill', itemId: old.id, clock: 'due', startedAt: at('2026-10-24T09:00:00+08:00'), dueAt: old.dueAt, nextFireAt: old.dueAt });
    expect(await runJob(t, drillDefaults, '2026-11-24T00:05:00+08:00')).toEqual({ created: 0, retired: 1 });
    expect(await runJob(t, drillDefaults, '2026-11-25T00:05:00+08:00')).toEqual({ created: 0 });
    expect((await drillRow(t, old.id)).status).toBe('replaced');
    expect((await clockOf(t, old.id))!.active).toBe(false);
  });

  it('DRILL_DEFAULT_KINDS=none schedules nothing', async () => {
    t = await buildTestApp({ env: { DRILL_DEFAULT_KINDS: 'none' } });
    expect(await runJob(t, drillDefaults, '2026-11-23T09:00:00+08:00')).toEqual({ created: 0 });
    expect(await drills(t)).toHaveLength(0);
  });
});
