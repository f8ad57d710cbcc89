// The jobs around the duty log: yesterday's unsigned logs reach the supervisors once; each month a sample of at least
// 20 % of last month's logs is picked once, sent once, checked with 抽查, and reminded of near the month's end.
import { afterEach, describe, expect, it } from 'vitest';
import { pickSample } from '../../src/handlers/duty-log/sample.js';
import { dutyLogSpotCheck } from '../../src/handlers/jobs/duty-log-spot-check.js';
import { dutyLogUnsigned } from '../../src/handlers/jobs/duty-log-unsigned.js';
import { jobContext } from '../../src/scheduler.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { expectRefused, idOf } from '../workflows/util.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const run = (job: typeof dutyLogUnsigned, app: TestApp, iso: string) => job.run(jobContext(app.runtime, new Date(iso)));
const rows = async (app: TestApp, prefix: string) => (await app.prisma.outbox.findMany({ orderBy: { id: 'asc' } })).filter((r) => r.dedupeKey.startsWith(prefix));

/** A handover of `who` at a local time (the store, as 交班 writes it). */
async function handover(app: TestApp, who: string, iso: string) {
  const p = (await app.stores.people.find(who))!;
  await app.stores.handovers.create({ outgoingId: p.id, team: p.team, dutyLog: `${who}值班正常`, createdAt: new Date(iso), items: [], propertyId: 1 });
}

describe('unsigned duty logs', () => {
  it('alert the supervisor once the next morning, however often the job runs; signed logs and empty days do not', async () => {
    t = await buildTestApp();
    t.clock.set('2026-11-23T16:00:00+08:00');
    await say(t, '张伟', '交班 白班正常');
    await say(t, '孙磊', '交班 巡逻4次，无异常');
    t.clock.set('2026-11-24T08:40:00+08:00');
    await say(t, '陈静', '已阅 值班日志 保安 组长不在，主管代签');

    for (let i = 0; i < 3; i++) expect(await run(dutyLogUnsigned, t, '2026-11-24T09:00:00+08:00')).toMatchObject({ date: '2026-11-23', unsigned: 1 });
    await run(dutyLogUnsigned, t, '2026-11-24T09:30:00+08:00');
    const alerts = await rows(t, 'duty-log:');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ personId: await idOf(t, '陈静'), dedupeKey: `duty-log:1:2026-11-23:工程:unsigned:p${await idOf(t, '陈静')}` });
    expect(alerts[0]!.text).toContain('【值班日志未签字】11月23日 工程组值班日志（交班 1 次，1 次未接班）组长赵强尚未签字确认。');
    expect(alerts[0]!.text).toContain('「已阅 值班日志 11月23日」');

    // Signing late changes nothing already sent; the next morning has no log of Tuesday to alert about.
    t.clock.set('2026-11-24T10:00:00+08:00');
    await say(t, '赵强', '已阅 值班日志');
    expect(await run(dutyLogUnsigned, t, '2026-11-25T09:00:00+08:00')).toMatchObject({ date: '2026-11-24', unsigned: 0, enqueued: 0 });
    expect(await rows(t, 'duty-log:')).toHaveLength(1);
    expect(dutyLogUnsigned.cron(t.config)).toBe('0 9 * * *');
  });
});

describe('monthly spot check', () => {
  it('picks ceil(20 %) of each team, the same every time', () => {
    const logs = Array.from({ length: 31 }, (_, i) => ({ team: '工程', date: `2026-12-${String(i + 1).padStart(2, '0')}` }));
    const one = pickSample([...logs, { team: '保安', date: '2026-12-05' }], '2026-12', 20);
    expect(one).toHaveLength(7 + 1);
    expect(pickSample([...logs].reverse(), '2026-12', 20)).toEqual(one.filter((l) => l.team === '工程'));
    expect(pickSample(logs, '2026-12', 100)).toHaveLength(31);
    expect(pickSample(logs, '2026-12', 1)).toHaveLength(1);
    // The pick is spread by a hash, not the first days of the month.
    expect(one.filter((l) => l.team === '工程').map((l) => l.date)).not.toEqual(logs.slice(0, 7).map((l) => l.date));
  });

  it("records last month's sample once, tells the supervisor once, counts 抽查, reminds near the month's end", async () => {
    t = await buildTestApp();
    for (let d = 1; d <= 30; d++) await handover(t, '张伟', `2026-11-${String(d).padStart(2, '0')}T16:00:00+08:00`);
    for (let d = 1; d <= 10; d++) await handover(t, '孙磊', `2026-11-${String(d).padStart(2, '0')}T08:00:00+08:00`);

    const first = await run(dutyLogSpotCheck, t, '2026-12-01T09:00:00+08:00');
    expect(first).toMatchObject({ month: '2026-11', logs: 40, sampled: 8, done: 0 });
    const sample = await t.prisma.dutyLogSample.findMany({ orderBy: [{ date: 'asc' }, { team: 'asc' }] });
    expect(sample).toHaveLength(8);
    expect(sample.length / 40).toBeGreaterThanOrEqual(0.2);
    expect(sample.filter((s) => s.team === '工程')).toHaveLength(6);
    expect(sample.filter((s) => s.team === '保安')).toHaveLength(2);
    expect(sample.every((s) => s.month === '2026-11' && s.propertyId === 1)).toBe(true);
    await run(dutyLogSpotCheck, t, '2026-12-01T09:00:00+08:00');
    await run(dutyLogSpotCheck, t, '2026-12-02T09:00:00+08:00');
    expect(await t.prisma.dutyLogSample.findMany({ orderBy: [{ date: 'asc' }, { team: 'asc' }] })).toEqual(sample);
    const plan = await rows(t, 'duty-log:1:2026-11:spot-check:plan');
    expect(plan).toHaveLength(1);
    expect(plan[0]!.personId).toBe(await idOf(t, '陈静'));
    expect(plan[0]!.text).toContain('【值班日志抽查】11月共 40 份值班日志，按 20% 抽查以下 8 份，请在12月31日前完成：');
    const day = (iso: string) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
    for (const s of sample) expect(plan[0]!.text).toContain(`- ${day(s.date)} ${s.team}组`);

    // The supervisor checks one of the sample, then one outside it.
    t.clock.set('2026-12-03T10:00:00+08:00');
    const picked = sample.find((s) => s.team === '工程')!;
    const checked = await say(t, '陈静', `抽查 值班日志 ${day(picked.date)} 工程 记录完整`);
    expect(checked).toContain(`已记录抽查：${day(picked.date)} 工程组值班日志，意见：记录完整。`);
    expect(checked).toContain('11月抽查进度：1/8');
    expect(await say(t, '陈静', `抽查 值班日志 ${day(picked.date)} 工程`)).toContain('由您抽查（意见：记录完整），无需重复');
    const outside = [...Array(30).keys()].map((i) => `2026-11-${String(i + 1).padStart(2, '0')}`).find((d) => !sample.some((s) => s.team === '工程' && s.date === d))!;
    expect(await say(t, '陈静', `抽查 值班日志 ${day(outside)} 工程`)).toContain('该日志不在11月的抽查名单中，记为名单外抽查。11月抽查进度：1/8');
    const reviews = await t.prisma.dutyLogReview.findMany({ where: { kind: 'spot-check' } });
    expect(reviews.map((r) => [r.team, r.date, r.reviewerId, r.note])).toEqual([
      ['工程', picked.date, await idOf(t, '陈静'), '记录完整'],
      ['工程', outside, await idOf(t, '陈静'), null],
    ]);
    const progress = await say(t, '陈静', '抽查 进度');
    expect(progress).toContain('【值班日志抽查】11月：共 40 份值班日志，按 20% 抽查 8 份，已完成 1/8。');
    expect(progress).toContain('另有名单外抽查 1 份。');
    expect(progress.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(7);
    await expectRefused(t, '赵强', '抽查 进度', /值班日志抽查由主管或经理进行/);
    await expectRefused(t, '陈静', '抽查 值班日志', /请写明抽查哪一天的值班日志/);
    await expectRefused(t, '陈静', '抽查 值班日志 11月3日', /有保安组、工程组的值班日志，请写明组别/);

    // Four days left: no reminder yet; three: one reminder with the 7 still open, once.
    await run(dutyLogSpotCheck, t, '2026-12-27T09:00:00+08:00');
    expect(await rows(t, 'duty-log:1:2026-11:spot-check:remind')).toHaveLength(0);
    await run(dutyLogSpotCheck, t, '2026-12-28T09:00:00+08:00');
    await run(dutyLogSpotCheck, t, '2026-12-29T09:00:00+08:00');
    const remind = await rows(t, 'duty-log:1:2026-11:spot-check:remind');
    expect(remind).toHaveLength(1);
    expect(remind[0]!.text).toContain('11月的值班日志抽查还差 7 份（已完成 1/8），请在12月31日前完成：');
    expect(remind[0]!.text).not.toContain(`- ${day(picked.date)} 工程组`);
  });
});

describe('settings', () => {
  it('have defaults and refuse a wrong value with its key', async () => {
    const { loadConfig } = await import('../../src/config.js');
    expect(loadConfig({}).dutyLog).toEqual({ sameDayFrom: '12:00', unsignedCron: '0 9 * * *', spotCheckPercent: 20, spotCheckCron: '0 9 * * *', spotCheckRemindDays: 3 });
    expect(loadConfig({ DUTY_LOG_SAME_DAY_FROM: '6:30', DUTY_LOG_SPOT_CHECK_PERCENT: '30' }).dutyLog).toMatchObject({ sameDayFrom: '06:30', spotCheckPercent: 30 });
    expect(() => loadConfig({ DUTY_LOG_SAME_DAY_FROM: '25:00' })).toThrow(/DUTY_LOG_SAME_DAY_FROM/);
    expect(() => loadConfig({ DUTY_LOG_SPOT_CHECK_PERCENT: '0' })).toThrow(/DUTY_LOG_SPOT_CHECK_PERCENT/);
  });
});
