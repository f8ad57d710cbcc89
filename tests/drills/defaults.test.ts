import { afterEach, describe, expect, it } from 'vitest';
import { addMonths, DRILL_DEFAULTS, followingDue, kindOf, nextAnchor } from '../../src/handlers/drill/defaults.js';
import { drillDefaults } from '../../src/handlers/jobs/drill-defaults.js';
import type { Drill } from '../../src/store/index.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { clockOf, drills, outbox, runJob } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

const OFF = 480;
const at = (iso: string) => new Date(iso);

describe('date arithmetic', () => {
  it('addMonths keeps the local time and clamps the day', () => {
    expect(addMonths(at('2026-11-23T09:00:00+08:00'), 6, OFF)).toEqual(at('2027-05-23T09:00:00+08:00'));
    expect(addMonths(at('2027-01-31T23:30:00+08:00'), 1, OFF)).toEqual(at('2027-02-28T23:30:00+08:00'));
    expect(addMonths(at('2026-12-15T00:30:00+08:00'), 1, OFF)).toEqual(at('2027-01-15T00:30:00+08:00'));
  });
  it('nextAnchor: the end of the next anchor month strictly after', () => {
    expect(nextAnchor(at('2026-11-23T09:00:00+08:00'), [6, 12], OFF)).toEqual(at('2026-12-31T17:00:00+08:00'));
    expect(nextAnchor(at('2026-12-31T17:00:00+08:00'), [6, 12], OFF)).toEqual(at('2027-06-30T17:00:00+08:00'));
    expect(nextAnchor(at('2027-01-05T09:00:00+08:00'), [12, 6], OFF)).toEqual(at('2027-06-30T17:00:00+08:00'));
  });
  it('followingDue: from the recording; anchored kinds go to the next anchor after the due date', () => {
    const d = (o: Partial<Drill>) => ({ id: 1, kind: 'custom', title: 'x', location: null, dueAt: at('2026-12-01T15:00:00+08:00'), intervalMonths: null, intervalHours: null, status: 'open', result: null, ownerId: null, team: null, completedAt: null, completedById: null, previousId: null, createdAt: at('2026-11-01T00:00:00Z'), ...o }) as Drill;
    expect(followingDue(d({}), at('2026-12-01T16:00:00+08:00'), OFF)).toBeNull();
    expect(followingDue(d({ kind: 'pump-test', intervalMonths: 1 }), at('2026-12-03T10:00:00+08:00'), OFF)).toEqual(at('2027-01-03T10:00:00+08:00'));
    expect(followingDue(d({ kind: 'fire-patrol', intervalHours: 2 }), at('2026-12-01T16:10:00+08:00'), OFF)).toEqual(at('2026-12-01T18:10:00+08:00'));
    // A survey due 12月31日 done early (11月) is not due again in December, but in June.
    expect(followingDue(d({ kind: 'survey', intervalMonths: 6, dueAt: at('2026-12-31T17:00:00+08:00') }), at('2026-11-28T10:00:00+08:00'), OFF)).toEqual(at('2027-06-30T17:00:00+08:00'));
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
    expect(byKind['fire-drill']!.dueAt).toEqual(at('2027-05-23T09:00:00+08:00'));
    expect(byKind['pump-test']!.dueAt).toEqual(at('2026-12-23T09:00:00+08:00'));
    expect(byKind['fire-patrol']!.dueAt).toEqual(at('2026-11-23T11:00:00+08:00'));
    expect(byKind['survey']!.dueAt).toEqual(at('2026-12-31T17:00:00+08:00'));
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

  it('DRILL_DEFAULT_KINDS=none schedules nothing', async () => {
    t = await buildTestApp({ env: { DRILL_DEFAULT_KINDS: 'none' } });
    expect(await runJob(t, drillDefaults, '2026-11-23T09:00:00+08:00')).toEqual({ created: 0 });
    expect(await drills(t)).toHaveLength(0);
  });
});
