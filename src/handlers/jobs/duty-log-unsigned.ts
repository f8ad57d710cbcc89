// 值班日志 not signed (docs/desk-rules.md#duty-log-review-and-spot-checks): each morning (DUTY_LOG_UNSIGNED_CRON,
// default 09:00) the supervisors hear of every team's log of yesterday that no lead signed with 已阅 值班日志. A day
// without handovers has no log. Exactly once per log and supervisor through the outbox dedupe key
// duty-log:<property>:<date>:<team>:unsigned:p<id>, so the job may run any number of times.
import { localDate } from '../../clock.js';
import { unsignedLogAlert } from '../dedupe-keys.js';
import { addDays, dayLabel, dutyLogs, overseers, teamLabel } from '../duty-log/log.js';
import { toPerson } from '../outcome.js';
import type { Job } from './types.js';

export const dutyLogUnsigned: Job = {
  name: 'duty-log-unsigned',
  cron: (config) => config.dutyLog.unsignedCron,
  async run(ctx) {
    const off = ctx.config.utcOffsetMinutes;
    const yesterday = addDays(localDate(ctx.now, off), -1);
    let unsigned = 0;
    let enqueued = 0;
    for (const log of await dutyLogs(ctx.stores, yesterday, yesterday, off)) {
      if (await ctx.stores.dutyLog.reviewOf(log, 'daily')) continue;
      unsigned++;
      const leads = log.team ? (await ctx.stores.people.byRole('lead', log.team)).filter((p) => p.verified) : [];
      const who = leads.length ? `组长${leads.map((p) => p.name).join('、')}` : '（本组没有组长）';
      const pending = log.handovers.filter((h) => h.status === 'pending').length;
      const text =
        `【值班日志未签字】${dayLabel(log.date)} ${teamLabel(log.team)}值班日志（交班 ${log.handovers.length} 次${pending ? `，${pending} 次未接班` : ''}）${who}尚未签字确认。` +
        `查看请发送「值班日志 ${dayLabel(log.date)} ${log.team || '未分组'}」；请提醒组长检查后发送「已阅 值班日志 ${dayLabel(log.date)}」，组长不在时可由主管代签：「已阅 值班日志 ${dayLabel(log.date)} ${log.team || '未分组'}」。`;
      for (const s of await overseers(ctx.stores, log.team)) {
        const rows = await ctx.notifyRouter.rows(toPerson(s.id, text, unsignedLogAlert(log.team, log.date, s.id)), ctx.now, ctx.stores);
        if (!rows.length) ctx.logger.warn({ personId: s.id }, 'duty-log-unsigned: no channel reaches the supervisor');
        enqueued += await ctx.stores.outbox.enqueue(rows);
      }
    }
    return { date: yesterday, unsigned, enqueued };
  },
};
