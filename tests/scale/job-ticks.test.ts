// #15 Cron ticks claimed in the tick table: two instances on one database run each tick exactly once; a tick missed
// while every instance was down runs once at the next start, only within the catch-up window and only when the
// tick table shows the scheduler ran before it (a fresh database fires nothing).
import { afterEach, describe, expect, it } from 'vitest';
import { jobs } from '../../src/handlers/jobs/index.js';
import { catchUpJob, latestTickWithin, runDueTicks, tickInstant } from '../../src/scheduler.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { forEachDatabase } from '../helpers/postgres.js';

const SH = 480;
const job = (name: string) => jobs.find((j) => j.name === name)!;

describe('tick instants and the catch-up window', () => {
  it('a tick stands for its minute, or its second when the cron has a seconds field', () => {
    const at = new Date('2026-11-23T02:17:35.250Z');
    expect(tickInstant('* * * * *', at).toISOString()).toBe('2026-11-23T02:17:00.000Z');
    expect(tickInstant('*/5 * * * * *', at).toISOString()).toBe('2026-11-23T02:17:35.000Z');
  });

  it('finds the latest tick in local time within the window, none outside it', () => {
    // 09:00 Asia/Shanghai is 01:00 UTC.
    expect(latestTickWithin('0 9 * * *', new Date('2026-11-23T01:40:00Z'), SH, 60)?.toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(latestTickWithin('0 9 * * *', new Date('2026-11-23T02:00:00Z'), SH, 60)).toBeNull();
    expect(latestTickWithin('0 9 * * *', new Date('2026-11-23T00:59:00Z'), SH, 60)).toBeNull();
    expect(latestTickWithin('*/15 * * * *', new Date('2026-11-23T01:44:59Z'), SH, 60)?.toISOString()).toBe('2026-11-23T01:30:00.000Z');
    // A fixed second counts; a cron that fires every few seconds has no catch-up.
    expect(latestTickWithin('30 0 9 * * *', new Date('2026-11-23T01:10:00Z'), SH, 60)?.toISOString()).toBe('2026-11-23T01:00:30.000Z');
    expect(latestTickWithin('*/5 * * * * *', new Date('2026-11-23T01:10:00Z'), SH, 60)).toBeNull();
  });
});

forEachDatabase('cron ticks across instances', (provider) => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
  });

  async function twoInstances(env: Record<string, string> = {}) {
    const a = await buildTestApp({ provider, env: { INSTANCE_NAME: 'a', ...env } });
    apps.push(a);
    const b = await buildTestApp({ provider, dbFile: a.dbFile, clock: a.clock, env: { INSTANCE_NAME: 'b', ...env } });
    apps.push(b);
    return [a, b] as const;
  }

  it('runs each tick of each job exactly once when both instances reach it, some at the same moment', async () => {
    const [a, b] = await twoInstances();
    const minutes = ['2026-11-23T10:17:00+08:00', '2026-11-23T10:18:00+08:00', '2026-11-23T10:19:00+08:00'].map((t) => new Date(t));
    const ranBy = new Map<string, string[]>();
    for (const [i, at] of minutes.entries()) {
      a.clock.set(at.toISOString());
      // First minute: both at once; then one after the other, in either order.
      const runs = i === 0 ? await Promise.all([runDueTicks(a.runtime, at), runDueTicks(b.runtime, at)]) : i === 1 ? [await runDueTicks(a.runtime, at), await runDueTicks(b.runtime, at)] : [await runDueTicks(b.runtime, at), await runDueTicks(a.runtime, at)];
      for (const [who, r] of runs.entries()) {
        for (const [name, outcome] of Object.entries(r)) if (outcome.ran) ranBy.set(`${name}@${at.toISOString()}`, [...(ranBy.get(`${name}@${at.toISOString()}`) ?? []), who ? 'b' : 'a']);
      }
    }
    const due = jobs.filter((j) => ['sla-sweep', 'outbox-send'].includes(j.name));
    expect(due).toHaveLength(2);
    for (const at of minutes) for (const j of due) expect(ranBy.get(`${j.name}@${at.toISOString()}`), `${j.name} ${at.toISOString()}`).toHaveLength(1);
    for (const runs of ranBy.values()) expect(runs).toHaveLength(1);
    const ticks = await a.stores.jobTicks.list();
    expect(ticks).toHaveLength(ranBy.size);
    expect(new Set(ticks.map((t) => `${t.job}@${t.scheduledAt.toISOString()}`))).toEqual(new Set(ranBy.keys()));
    expect(new Set(ticks.map((t) => t.instance)).size).toBeGreaterThan(0);
    // The job's own runs, as the metrics count them: one per tick across both processes.
    const runsOf = async (t: TestApp) => (await t.runtime.metrics.registry.getSingleMetric('dutydesk_job_runs_total')?.get())?.values.filter((v) => v.labels.job === 'sla-sweep').reduce((s, v) => s + v.value, 0) ?? 0;
    expect((await runsOf(a)) + (await runsOf(b))).toBe(minutes.length);
  });

  it('a fresh database catches up nothing; a tick missed while all were down runs once, within the window only', async () => {
    const [a, b] = await twoInstances();
    const sweep = job('sla-sweep');
    const digest = job('daily-digest'); // 18:00 local
    // Fresh database: no tick recorded, so nothing counts as missed.
    a.clock.set('2026-11-23T18:20:00+08:00');
    for (const j of jobs) expect(await catchUpJob(a.runtime, j, a.clock.now()), j.name).toBe(false);
    expect(await a.stores.jobTicks.list()).toHaveLength(0);

    // The desk ran until 17:50, then every instance was down.
    a.clock.set('2026-11-23T17:50:00+08:00');
    await runDueTicks(a.runtime, a.clock.now());
    // Back at 18:40: the 18:00 digest and the 18:40 sweep were missed; each runs once, on one instance.
    a.clock.set('2026-11-23T18:40:20+08:00');
    const [da, db] = await Promise.all([catchUpJob(a.runtime, digest, a.clock.now()), catchUpJob(b.runtime, digest, a.clock.now())]);
    expect([da, db].filter(Boolean)).toHaveLength(1);
    expect(await catchUpJob(b.runtime, sweep, a.clock.now())).toBe(true);
    expect(await catchUpJob(a.runtime, sweep, a.clock.now())).toBe(false);
    const caught = (await a.stores.jobTicks.list()).filter((t) => t.catchUp);
    expect(caught.map((t) => `${t.job}@${t.scheduledAt.toISOString()}`).sort()).toEqual(['daily-digest@2026-11-23T10:00:00.000Z', 'sla-sweep@2026-11-23T10:40:00.000Z']);

    // Down again from 18:41 to 19:30: the 18:00 digest is older than the hour and not run again; the sweep is.
    a.clock.set('2026-11-23T19:30:00+08:00');
    expect(await catchUpJob(a.runtime, digest, a.clock.now())).toBe(false);
    expect(await catchUpJob(a.runtime, sweep, a.clock.now())).toBe(true);
  });

  it('SCHEDULER_CATCH_UP_MINUTES=0 turns the catch-up off; old ticks are pruned', async () => {
    const [a] = await twoInstances({ SCHEDULER_CATCH_UP_MINUTES: '0' });
    a.clock.set('2026-11-23T10:00:00+08:00');
    await runDueTicks(a.runtime, a.clock.now());
    a.clock.set('2026-11-23T10:30:00+08:00');
    expect(await catchUpJob(a.runtime, job('sla-sweep'), a.clock.now())).toBe(false);
    await runDueTicks(a.runtime, a.clock.now());
    const at10 = (await a.stores.jobTicks.list()).filter((t) => t.scheduledAt.toISOString() === '2026-11-23T02:00:00.000Z').length;
    expect(at10).toBeGreaterThan(0);
    expect(await a.stores.jobTicks.prune(new Date('2026-11-23T02:00:01Z'))).toBe(at10);
    expect((await a.stores.jobTicks.list()).map((t) => t.scheduledAt.toISOString())).toContain('2026-11-23T02:30:00.000Z');
  });
});
