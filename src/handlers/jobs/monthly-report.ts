// The monthly report in chat (#14): on the 1st at 09:00 (MONTHLY_REPORT_CRON, local time) each supervisor and manager
// gets a short summary of last month for their properties, with a link to the report page. Exactly once per reader
// and month through the outbox dedupe key monthly-report:<YYYY-MM>:p<id>, so the job may run any number of times.
// Definitions: docs/desk-rules.md#report-definitions.
import type { Person, ReportScope } from '../../store/index.js';
import { monthlyReportPush } from '../dedupe-keys.js';
import { duration } from '../format.js';
import { toPerson } from '../outcome.js';
import type { ComplaintReport } from '../reports/complaints.js';
import type { DrillReport } from '../reports/duty.js';
import { monthReport, type ReportDeps } from '../reports/load.js';
import { lastMonth } from '../reports/months.js';
import type { RepairReport } from '../reports/repairs.js';
import type { Job } from './types.js';

const pct = (r: number | null): string => (r === null ? '—' : `${Math.round(r * 10_000) / 100}%`);
const monthZh = (month: string): string => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

/** The summary text: complaints against the targets, repairs' on-time rates, drills and patrols, and the link. */
export function monthlySummary(month: string, c: ComplaintReport, r: RepairReport, d: DrillReport, link: string): string {
  const below = (ok: boolean | null) => (ok === false ? '，未达标' : '');
  const complaints = c.total
    ? `投诉 ${c.total} 件，有效 ${c.valid} 件` +
      (c.validRate === null ? '' : `（有效投诉率 ${pct(c.validRate)}，目标低于 1%${below(c.meetsTargets.validRate)}）`) +
      `；首次答复及时率 ${pct(c.firstReplyOnTimeRate)}；有效投诉回访率 ${pct(c.followUpRate)}（目标 100%${below(c.meetsTargets.followUpRate)}）` +
      `${c.satisfaction === null ? '' : `；满意度 ${c.satisfaction} 分`}` +
      `${c.surveysSent ? `；评价回收率 ${pct(c.surveyReturnRate)}（${c.surveysAnswered}/${c.surveysSent}，目标不低于 ${pct(c.targets.surveyReturnRate)}${below(c.meetsTargets.surveyReturnRate)}）` : ''}${c.repeatComplaints ? `；重复投诉 ${c.repeatComplaints} 件` : ''}。`
    : '投诉 0 件。';
  const repairs = r.total
    ? `报修 ${r.total} 单：响应及时率 ${pct(r.response.rate)}，到场及时率 ${pct(r.arrival.rate)}，处理及时率 ${pct(r.resolve.rate)}` +
      `${r.avgHandlingMinutes === null ? '' : `，平均处理 ${duration(Math.round(r.avgHandlingMinutes))}（不含暂停）`}。`
    : '报修 0 单。';
  const drills = `演练与定期任务到期 ${d.drills.due} 项，按时完成 ${d.drills.doneOnTime} 项${d.drills.overdue ? `，逾期未完成 ${d.drills.overdue} 项` : ''}；巡查 ${d.patrols.rounds} 轮，漏巡 ${d.patrols.missed} 轮。`;
  return [`【${monthZh(month)}报表】`, complaints, repairs, drills, `详情与导出：${link}`].join('\n');
}

/** A supervisor's or manager's report scope: their properties (none listed: all). */
const scopeOf = (p: Person): ReportScope => ({ propertyIds: p.properties.length ? [...p.properties] : null, team: null, personId: null });

export const monthlyReport: Job = {
  name: 'monthly-report',
  cron: (config) => config.reports.monthlyCron,
  async run(ctx) {
    const month = lastMonth(ctx.now, ctx.config.utcOffsetMinutes);
    const readers = [...(await ctx.stores.people.byRole('supervisor')), ...(await ctx.stores.people.byRole('manager'))].filter((p) => p.verified);
    const deps: ReportDeps = { stores: ctx.stores, config: ctx.config, now: ctx.now };
    const link = `${ctx.config.web.publicUrl}/dashboard/reports?month=${month}`;
    const texts = new Map<string, string>();
    let enqueued = 0;
    for (const reader of readers) {
      const scope = scopeOf(reader);
      const key = JSON.stringify(scope.propertyIds);
      // Readers with the same properties get the same figures: computed once.
      let text = texts.get(key);
      if (text === undefined) {
        const [c, r, d] = await Promise.all([monthReport('complaints', month, scope, deps), monthReport('repairs', month, scope, deps), monthReport('drills', month, scope, deps)]);
        text = monthlySummary(month, c, r, d, link);
        texts.set(key, text);
      }
      const rows = await ctx.notifyRouter.rows(toPerson(reader.id, text, monthlyReportPush(month, reader.id)), ctx.now, ctx.stores);
      if (!rows.length) ctx.logger.warn({ personId: reader.id }, 'monthly-report: no channel reaches the reader');
      enqueued += await ctx.stores.outbox.enqueue(rows);
    }
    return { month, readers: readers.length, enqueued };
  },
};
