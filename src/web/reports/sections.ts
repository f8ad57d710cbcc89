// Each report as titled tables with Chinese headers, for the CSV and XLSX downloads.
import type { ComplaintReport } from '../../handlers/reports/complaints.js';
import type { DrillReport, LeaveReport } from '../../handlers/reports/duty.js';
import type { ReportKind, ReportOf } from '../../handlers/reports/load.js';
import type { OnTime, RepairFigures, RepairReport } from '../../handlers/reports/repairs.js';
import type { Cell, Section } from './table.js';

/** 0.6667 → "66.67%"; null → "—" (nothing to count). */
export const pct = (r: number | null): string => (r === null ? '—' : `${Math.round(r * 10_000) / 100}%`);
const orDash = (v: number | null): Cell => (v === null ? '—' : v);

function complaintSections(r: ComplaintReport): Section[] {
  return [
    {
      title: `${r.month} 投诉月报`,
      head: ['指标', '数值', '目标'],
      rows: [
        ['投诉总数', r.total, ''],
        ['有效投诉', r.valid, ''],
        ['无效投诉', r.invalid, ''],
        ['服务户数', orDash(r.households), ''],
        ['有效投诉率', pct(r.validRate), '< 1%'],
        ['有效投诉占比（占投诉总数）', pct(r.validShare), ''],
        ['首次答复及时率', pct(r.firstReplyOnTimeRate), ''],
        ['首次答复：及时 / 超时 / 未到期', `${r.firstReply.onTime} / ${r.firstReply.late} / ${r.firstReply.pending}`, ''],
        ['有效投诉回访率', pct(r.followUpRate), '100%'],
        ['已解决待回访 / 已回访 / 按时回访 / 未解决', `${r.followUp.due} / ${r.followUp.done} / ${r.followUp.onTime} / ${r.followUp.unresolved}`, ''],
        ['平均满意度（1-5分）', orDash(r.satisfaction), ''],
        ['评分数', r.rated, ''],
        ['评价邀请（发给住户）', r.surveysSent, ''],
        ['住户已评价', r.surveysAnswered, ''],
        ['评价回收率', pct(r.surveyReturnRate), `≥ ${pct(r.targets.surveyReturnRate)}`],
        ['重复投诉', r.repeatComplaints, ''],
        ['涉及员工的投诉', r.againstStaff, ''],
      ],
    },
    { title: '按类别', head: ['类别', '投诉数', '有效投诉'], rows: Object.entries(r.byCategory).map(([category, c]) => [category, c.total, c.valid]) },
    { title: '按项目', head: ['项目', '投诉数', '有效投诉'], rows: r.byProperty.map((p) => [p.name, p.total, p.valid]) },
    { title: '重复投诉', head: ['位置', '类别', '次数'], rows: r.repeatGroups.map((g) => [g.location, g.category, g.count]) },
  ];
}

const onTime = (o: OnTime): Cell[] => [pct(o.rate), o.onTime, o.late];
const REPAIR_HEAD = ['工单数', '响应及时率', '响应及时', '响应超时', '到场及时率', '到场及时', '到场超时', '处理及时率', '处理及时', '处理超时', '平均处理时长（分钟，不含暂停）', '平均满意度', '评价邀请', '住户已评价', '评价回收率'];

function repairSections(r: RepairReport): Section[] {
  const figures = (f: RepairFigures): Cell[] => [f.total, ...onTime(f.response), ...onTime(f.arrival), ...onTime(f.resolve), orDash(f.avgHandlingMinutes), orDash(f.satisfaction), f.surveysSent, f.surveysAnswered, pct(f.surveyReturnRate)];
  return [
    { title: `${r.month} 报修月报`, head: ['范围', ...REPAIR_HEAD], rows: [['全部', ...figures(r)]] },
    { title: '按班组', head: ['班组', ...REPAIR_HEAD], rows: r.byTeam.map((t) => [t.team, ...figures(t)]) },
    { title: '按人员', head: ['人员', '班组', ...REPAIR_HEAD], rows: r.byPerson.map((p) => [p.name, p.team ?? '', ...figures(p)]) },
    { title: '报修类别排行', head: ['类别', '工单数'], rows: r.topCategories.map((c) => [c.category, c.count]) },
  ];
}

const LEAVE_STATUS_ZH: Record<string, string> = { pending: '待审批', approved: '已批准', rejected: '已驳回', returned: '已退回', withdrawn: '已撤回' };

function leaveSections(r: LeaveReport): Section[] {
  return [
    { title: `${r.month} 请假统计（按开始日期）`, head: ['类型', '申请数', '已批准', '已批准天数'], rows: [...r.byType.map((t) => [t.label, t.requests, t.approved, t.approvedDays] as Cell[]), ['合计', r.requests, r.byStatus.approved ?? 0, r.approvedDays]] },
    { title: '按状态', head: ['状态', '申请数'], rows: Object.entries(r.byStatus).map(([s, n]) => [LEAVE_STATUS_ZH[s] ?? s, n]) },
  ];
}

function drillSections(r: DrillReport): Section[] {
  const head = ['到期数', '按时完成', '逾期完成', '逾期未完成', '未到期', '按时完成率'];
  const d = (f: DrillReport['drills']): Cell[] => [f.due, f.doneOnTime, f.doneLate, f.overdue, f.open, pct(f.onTimeRate)];
  return [
    { title: `${r.month} 演练与定期任务`, head: ['任务', ...head], rows: [['全部', ...d(r.drills)], ...r.drillsByKind.map((k) => [k.kind, ...d(k)])] },
    {
      title: '巡查轮次',
      head: ['巡查', '轮次', '已完成', '漏巡', '进行中', '按时完成率'],
      rows: [['全部', r.patrols.rounds, r.patrols.done, r.patrols.missed, r.patrols.open, pct(r.patrols.onTimeRate)], ...r.patrolsByKind.map((k) => [k.kind, k.rounds, k.done, k.missed, '', pct(k.onTimeRate)] as Cell[])],
    },
  ];
}

export function reportSections<K extends ReportKind>(kind: K, report: ReportOf[K]): Section[] {
  switch (kind) {
    case 'complaints':
      return complaintSections(report as ComplaintReport);
    case 'repairs':
      return repairSections(report as RepairReport);
    case 'leave':
      return leaveSections(report as LeaveReport);
    default:
      return drillSections(report as DrillReport);
  }
}

/** Chinese column names of the trend's figures. */
const TREND_ZH: Record<string, string> = {
  month: '月份', total: '总数', valid: '有效投诉', validRate: '有效投诉率', firstReplyOnTimeRate: '首次答复及时率', followUpRate: '回访率',
  satisfaction: '平均满意度', surveyReturnRate: '评价回收率', repeatComplaints: '重复投诉', responseOnTimeRate: '响应及时率', arrivalOnTimeRate: '到场及时率',
  resolveOnTimeRate: '处理及时率', avgHandlingMinutes: '平均处理时长（分钟）', requests: '请假申请', approvedDays: '已批准天数',
  drillsDue: '到期演练', drillOnTimeRate: '演练按时率', patrolRounds: '巡查轮次', patrolOnTimeRate: '巡查按时率',
};
const LEAVE_ZH: Record<string, string> = { personal: '事假', sick: '病假', annual: '年假', other: '其他' };

export function trendSection(kind: ReportKind, points: ReadonlyArray<Record<string, number | string | null>>): Section {
  const keys = [...new Set(points.flatMap((p) => Object.keys(p)))];
  const label = (k: string) => TREND_ZH[k] ?? (k.startsWith('days_') ? `${LEAVE_ZH[k.slice(5)] ?? k.slice(5)}天数` : k);
  return {
    title: `12个月趋势（${{ complaints: '投诉', repairs: '报修', leave: '请假', drills: '演练与巡查' }[kind]}）`,
    head: keys.map(label),
    rows: points.map((p) => keys.map((k) => {
      const v = p[k] ?? null;
      return typeof v === 'number' && /Rate$/.test(k) ? pct(v) : v === null ? '—' : v;
    })),
  };
}
