// The monthly summary in chat: each supervisor and manager, once per month, however often the job runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cronMatches } from '../../src/cron-match.js';
import { monthlyReport } from '../../src/handlers/jobs/monthly-report.js';
import { jobContext } from '../../src/scheduler.js';
import type { TestApp } from '../helpers/app.js';
import { at, seededOctober } from './seed-month.js';

let t: TestApp;
beforeAll(async () => {
  t = await seededOctober({ PUBLIC_URL: 'https://desk.example.com' });
}, 60_000);
afterAll(() => t.close());

describe('monthly-report job', () => {
  it('runs on the 1st at 09:00 local time by default', () => {
    const cron = monthlyReport.cron(t.config);
    expect(cron).toBe('0 9 1 * *');
    expect(cronMatches(cron, new Date(at('11-01T09:00')), t.config.utcOffsetMinutes)).toBe(true);
    expect(cronMatches(cron, new Date(at('11-02T09:00')), t.config.utcOffsetMinutes)).toBe(false);
  });

  it('sends last month to each supervisor and manager once, with the link, however often it runs', async () => {
    const now = new Date(at('11-01T09:00'));
    t.clock.set(now);
    const first = (await monthlyReport.run(jobContext(t.runtime, now))) as { month: string; readers: number; enqueued: number };
    const again = (await monthlyReport.run(jobContext(t.runtime, new Date(now.getTime() + 60_000)))) as { enqueued: number };
    expect(first).toEqual({ month: '2026-10', readers: 2, enqueued: 2 });
    expect(again.enqueued).toBe(0);
    const rows = await t.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: 'monthly-report:' } }, orderBy: { id: 'asc' } });
    const names = await t.stores.people.byIds(rows.map((r) => r.personId!));
    expect(names.map((p) => p.name).sort()).toEqual(['刘洋', '陈静']);
    const text = rows[0]!.text;
    expect(text).toContain('【2026年10月报表】');
    expect(text).toContain('投诉 5 件，有效 4 件（有效投诉率 1%，目标低于 1%，未达标）');
    expect(text).toContain('有效投诉回访率 66.67%（目标 100%，未达标）');
    expect(text).toContain('评价回收率 66.67%（2/3，目标不低于 50%）');
    expect(text).toContain('报修 4 单：响应及时率 66.67%，到场及时率 33.33%，处理及时率 33.33%');
    expect(text).toContain('https://desk.example.com/dashboard/reports?month=2026-10');
    expect(text).not.toMatch(/1380000/);
  });
});
