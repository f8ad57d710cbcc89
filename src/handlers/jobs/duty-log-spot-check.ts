// The supervisors' monthly spot check of the duty logs (docs/desk-rules.md#duty-log-review-and-spot-checks). Runs
// daily (DUTY_LOG_SPOT_CHECK_CRON, default 09:00): in a new month it picks last month's sample (once, recorded:
// duty-log/sample.ts) and sends the supervisors the list to check this month; when DUTY_LOG_SPOT_CHECK_REMIND_DAYS or
// fewer days of the month are left, it reminds them of the logs still unchecked. Each message once per month and reader
// (outbox keys duty-log:<property>:<month>:spot-check:plan|remind:p<id>), however often the job runs.
import { localDate } from '../../clock.js';
import type { Person } from '../../store/index.js';
import { spotCheckPlan, spotCheckReminder } from '../dedupe-keys.js';
import { dayLabel, monthDays, monthLabel, monthOf, overseers, previousMonth } from '../duty-log/log.js';
import { sampleLines, spotCheckCommand, spotCheckState } from '../duty-log/sample.js';
import { toPerson } from '../outcome.js';
import type { Job, JobContext } from './types.js';

async function send(ctx: JobContext, to: Person[], text: string, key: (id: number) => string): Promise<number> {
  let n = 0;
  for (const p of to) n += await ctx.stores.outbox.enqueue(await ctx.notifyRouter.rows(toPerson(p.id, text, key(p.id)), ctx.now, ctx.stores));
  return n;
}

export const dutyLogSpotCheck: Job = {
  name: 'duty-log-spot-check',
  cron: (config) => config.dutyLog.spotCheckCron,
  async run(ctx) {
    const off = ctx.config.utcOffsetMinutes;
    const percent = ctx.config.dutyLog.spotCheckPercent;
    const today = localDate(ctx.now, off);
    const month = previousMonth(monthOf(today));
    const state = await spotCheckState(ctx.stores, month, percent, ctx.now, off);
    if (!state.sample.length) return { month, logs: state.logs, sampled: 0, enqueued: 0 };
    const readers = await overseers(ctx.stores, '');
    const name = monthLabel(month, today);
    const deadline = dayLabel(monthDays(monthOf(today)).last);
    const first = state.sample[0]!;
    const plan = [
      `【值班日志抽查】${name}共 ${state.logs} 份值班日志，按 ${percent}% 抽查以下 ${state.sample.length} 份，请在${deadline}前完成：`,
      ...sampleLines(state.sample),
      `查看：「值班日志 ${dayLabel(first.date)} ${first.team || '未分组'}」；抽查后发送「${spotCheckCommand(first)}」；进度：「抽查 进度」。`,
    ].join('\n');
    let enqueued = await send(ctx, readers, plan, (id) => spotCheckPlan(month, id));
    const daysLeft = Math.round((Date.parse(monthDays(monthOf(today)).last) - Date.parse(today)) / 86_400_000);
    if (daysLeft <= ctx.config.dutyLog.spotCheckRemindDays && state.remaining.length) {
      const remind = [
        `【值班日志抽查提醒】${name}的值班日志抽查还差 ${state.remaining.length} 份（已完成 ${state.done.length}/${state.sample.length}），请在${deadline}前完成：`,
        ...sampleLines(state.remaining),
        `抽查后发送「${spotCheckCommand(state.remaining[0]!)}」。`,
      ].join('\n');
      enqueued += await send(ctx, readers, remind, (id) => spotCheckReminder(month, id));
    }
    return { month, logs: state.logs, sampled: state.sample.length, done: state.done.length, enqueued };
  },
};
