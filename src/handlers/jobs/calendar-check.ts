// Daily (CALENDAR_CHECK_CRON): is next year's holiday calendar known? chinese-days ships the
// State Council notice only once it is published (usually in November); until then, or when the
// package is not updated, working-day deadlines next year would silently count every weekday.
// If neither the library nor the override table covers next year, every manager and the duty
// group hear it once per year (outbox dedupe key calendar:<year>:uncovered…).
import { localParts } from '../../clock.js';
import { calendarUncovered } from '../dedupe-keys.js';
import { toGroup, toPerson, type Notify } from '../outcome.js';
import { coverage } from '../sla/calendar.js';
import type { Job } from './types.js';

export function uncoveredText(year: number): string {
  return (
    `【节假日日历】系统还没有${year}年的法定节假日和调休安排，按工作日计算的期限（如回访2个工作日）在${year}年将只跳过周末。` +
    `请在国务院办公厅发布${year}年放假通知后，整理成 CSV（date,workday,note）并导入：npm run cli -- calendar import 文件.csv；` +
    `导入后可用 npm run cli -- calendar list 核对。`
  );
}

export const calendarCheck: Job = {
  name: 'calendar-check',
  cron: (config) => config.sla.calendarCheckCron,
  async run(ctx) {
    const year = localParts(ctx.now, ctx.config.utcOffsetMinutes).year + 1;
    const cov = await coverage(ctx.stores.calendar, year);
    if (cov.covered) return { year, covered: true, enqueued: 0 };
    ctx.logger.warn({ year }, 'holiday calendar does not cover next year: import the State Council notice with `calendar import`');
    const text = uncoveredText(year);
    const managers = await ctx.stores.people.byRole('manager');
    const notes: Notify[] = [toGroup(text, calendarUncovered(year)), ...managers.map((m) => toPerson(m.id, text, calendarUncovered(year, m.id)))];
    let enqueued = 0;
    for (const n of notes) enqueued += await ctx.stores.outbox.enqueue(await ctx.notifyRouter.rows(n, ctx.now, ctx.stores));
    return { year, covered: false, enqueued };
  },
};
