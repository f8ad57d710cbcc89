// Leave by type, and drills and patrol rounds done on time, for a local month (docs/desk-rules.md#report-definitions).
import type { DrillCube, LeaveCube, PatrolCube } from '../../store/index.js';
import { rate } from './months.js';

export const LEAVE_TYPE_LABEL: Record<string, string> = { personal: '事假', sick: '病假', annual: '年假', other: '其他' };

export interface LeaveReport {
  month: string;
  /** Requests starting in the month (any status). */
  requests: number;
  byType: Array<{ leaveType: string; label: string; requests: number; approved: number; approvedDays: number }>;
  byStatus: Record<string, number>;
  /** Days of approved leave (销假 shortens them). */
  approvedDays: number;
}

const ROUND = (n: number) => Math.round(n * 100) / 100;

export function leaveReport(month: string, cubes: readonly LeaveCube[]): LeaveReport {
  const types = new Map<string, { requests: number; approved: number; approvedDays: number }>();
  const byStatus: Record<string, number> = {};
  let requests = 0, approvedDays = 0;
  for (const c of cubes.filter((x) => x.month === month)) {
    requests += c.count;
    byStatus[c.status] = (byStatus[c.status] ?? 0) + c.count;
    const t = types.get(c.leaveType) ?? types.set(c.leaveType, { requests: 0, approved: 0, approvedDays: 0 }).get(c.leaveType)!;
    t.requests += c.count;
    if (c.status === 'approved') {
      t.approved += c.count;
      t.approvedDays += c.days;
      approvedDays += c.days;
    }
  }
  return {
    month,
    requests,
    byType: [...types].map(([leaveType, t]) => ({ leaveType, label: LEAVE_TYPE_LABEL[leaveType] ?? leaveType, ...t, approvedDays: ROUND(t.approvedDays) })).sort((a, b) => b.requests - a.requests),
    byStatus,
    approvedDays: ROUND(approvedDays),
  };
}

export interface DrillFigures {
  /** Due in the month (superseded plans left out). */
  due: number;
  doneOnTime: number;
  doneLate: number;
  /** Still open past their due time. */
  overdue: number;
  open: number;
  /** doneOnTime ÷ (due − open). */
  onTimeRate: number | null;
}

export interface DrillReport {
  month: string;
  drills: DrillFigures;
  drillsByKind: Array<DrillFigures & { kind: string }>;
  /** Patrol rounds of the month's slots: done (always within the slot), missed (漏巡), open. */
  patrols: { rounds: number; done: number; missed: number; open: number; onTimeRate: number | null };
  patrolsByKind: Array<{ kind: string; rounds: number; done: number; missed: number; onTimeRate: number | null }>;
}

function drillFigures(rows: readonly DrillCube[]): DrillFigures {
  const n = (s: DrillCube['state']) => rows.filter((r) => r.state === s).reduce((a, r) => a + r.count, 0);
  const f = { doneOnTime: n('done_on_time'), doneLate: n('done_late'), overdue: n('overdue'), open: n('open') };
  const due = f.doneOnTime + f.doneLate + f.overdue + f.open;
  return { due, ...f, onTimeRate: rate(f.doneOnTime, due - f.open) };
}

export function drillReport(month: string, drills: readonly DrillCube[], patrols: readonly PatrolCube[]): DrillReport {
  const d = drills.filter((x) => x.month === month);
  const p = patrols.filter((x) => x.month === month);
  const kinds = [...new Set(d.map((r) => r.kind))].sort();
  const patrolOf = (rows: readonly PatrolCube[]) => {
    const n = (s: string) => rows.filter((r) => r.status === s).reduce((a, r) => a + r.count, 0);
    const done = n('done'), missed = n('missed'), open = n('open');
    return { rounds: done + missed + open, done, missed, open, onTimeRate: rate(done, done + missed) };
  };
  return {
    month,
    drills: drillFigures(d),
    drillsByKind: kinds.map((kind) => ({ kind, ...drillFigures(d.filter((r) => r.kind === kind)) })),
    patrols: patrolOf(p),
    patrolsByKind: [...new Set(p.map((r) => r.kind))].sort().map((kind) => {
      const { rounds, done, missed, onTimeRate } = patrolOf(p.filter((r) => r.kind === kind));
      return { kind, rounds, done, missed, onTimeRate };
    }),
  };
}
