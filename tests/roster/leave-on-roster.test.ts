// Leave is counted on the person's own working days: a guard on the roster works the days rostered (weekends
// included, weekdays off not), within the roster's range; elsewhere the office calendar counts (docs/desk-rules.md#shifts).
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { importRoster, sayIn, twoProperties } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

const lastLeave = async () => (await t.prisma.leaveRequest.findMany({ orderBy: { id: 'desc' }, take: 1 }))[0]!;

describe('leave on the roster', () => {
  it('counts the days a guard is rostered, not the office week', async () => {
    t = await twoProperties();
    // 吕刚 works Tue 24th, Sat 28th and Sun 29th; he is off Wed to Fri.
    await importRoster(t, ['2026-11-24,早班,吕刚,保安,阳光花园', '2026-11-28,早班,吕刚,保安,阳光花园', '2026-11-29,早班,吕刚,保安,阳光花园']);
    const reply = await sayIn(t, '吕刚', '请假 11月24日至11月28日 事假 回老家');
    expect((await lastLeave()).days).toBe(2);
    expect(reply).toContain('2天');
    // 孟工 is not on the roster: the office calendar, Tue to Fri.
    await sayIn(t, '孟工', '请假 11月24日至11月28日 事假 回老家');
    expect((await lastLeave()).days).toBe(4);
  });

  it('a 换班 moves the working day to the colleague who takes the shift', async () => {
    t = await twoProperties();
    await importRoster(t, ['2026-11-24,早班,吕刚,保安,阳光花园', '2026-11-25,早班,施勇,保安,阳光花园', '2026-11-26,早班,吕刚,保安,阳光花园']);
    const asked = await sayIn(t, '吕刚', '换班 11月26日 早班 施勇');
    const id = /换班#(\d+)/.exec(asked)?.[1];
    expect(id).toBeDefined();
    await sayIn(t, '褚军', `批准 换班#${id}`);
    // 施勇 now works the 25th and the 26th: leave over both counts two days; 吕刚 over the 25th–26th counts none.
    await sayIn(t, '施勇', '请假 11月25日至11月26日 事假 家里有事');
    expect((await lastLeave()).days).toBe(2);
    const none = await sayIn(t, '吕刚', '请假 11月25日至11月26日 事假 家里有事');
    expect(none).toBe('11月25日至11月26日不是您的工作日（周末、节假日或排班表上的休息日），不用请假。如果当天要上班，请联系组长。');
  });
});
