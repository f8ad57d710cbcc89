// Reads a report's rows through the report store and computes it: one local month, or the 12-month trend.
import type { Config } from '../../config.js';
import { householdsFor } from '../../config-reports.js';
import type { ReportScope, Stores } from '../../store/index.js';
import { complaintReport, type ComplaintReport } from './complaints.js';
import { drillReport, leaveReport, type DrillReport, type LeaveReport } from './duty.js';
import { monthsEnding, monthsRange } from './months.js';
import { repairReport, type RepairReport } from './repairs.js';

export const REPORT_KINDS = ['complaints', 'repairs', 'leave', 'drills'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export interface ReportOf {
  complaints: ComplaintReport;
  repairs: RepairReport;
  leave: LeaveReport;
  drills: DrillReport;
}

export interface ReportDeps {
  stores: Stores;
  config: Config;
  now: Date;
}

/** The reports of every month in [first, last] for one scope. */
export async function reportsOf<K extends ReportKind>(kind: K, first: string, last: string, scope: ReportScope, deps: ReportDeps): Promise<Array<ReportOf[K]>> {
  const { stores, config, now } = deps;
  const range = monthsRange(first, last, config.utcOffsetMinutes);
  const months = monthsEnding(last, monthsBetween(first, last));
  const r = stores.reports;
  switch (kind) {
    case 'complaints': {
      const [cubes, repeats, properties] = await Promise.all([r.complaints(range, scope, config.sla.complaintReplyMinutes, now), r.repeatComplaints(range, scope), stores.properties.list()]);
      const names = new Map(properties.map((p) => [p.id, p.name]));
      const households = householdsFor(config.reports.households, scope.propertyIds);
      return months.map((month) => complaintReport({ month, cubes, repeats, households, propertyName: (id) => names.get(id) ?? `项目${id}` })) as Array<ReportOf[K]>;
    }
    case 'repairs': {
      const [tickets, clocks] = await Promise.all([r.repairs(range, scope), r.repairClocks(range, scope, now)]);
      const ids = [...new Set(tickets.map((t) => t.assigneeId).filter((id): id is number => id !== null))];
      const people = new Map((await stores.people.byIds(ids)).map((p) => [p.id, p]));
      return months.map((month) =>
        repairReport({ month, tickets, clocks, personName: (id) => people.get(id)?.name ?? `#${id}`, personTeam: (id) => people.get(id)?.team ?? null }),
      ) as Array<ReportOf[K]>;
    }
    case 'leave': {
      const cubes = await r.leave(range, scope);
      return months.map((month) => leaveReport(month, cubes)) as Array<ReportOf[K]>;
    }
    default: {
      const [drills, patrols] = await Promise.all([r.drills(range, scope, now), r.patrols(range, scope)]);
      return months.map((month) => drillReport(month, drills, patrols)) as Array<ReportOf[K]>;
    }
  }
}

function monthsBetween(first: string, last: string): number {
  const n = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  return n(last) - n(first) + 1;
}

/** One month's report. */
export async function monthReport<K extends ReportKind>(kind: K, month: string, scope: ReportScope, deps: ReportDeps): Promise<ReportOf[K]> {
  return (await reportsOf(kind, month, month, scope, deps))[0]!;
}

/** The headline figures of one month, for the 12-month trend. */
export function trendPoint(kind: ReportKind, r: ReportOf[ReportKind]): Record<string, number | string | null> {
  switch (kind) {
    case 'complaints': {
      const c = r as ComplaintReport;
      return { month: c.month, total: c.total, valid: c.valid, validRate: c.validRate, firstReplyOnTimeRate: c.firstReplyOnTimeRate, followUpRate: c.followUpRate, satisfaction: c.satisfaction, surveyReturnRate: c.surveyReturnRate, repeatComplaints: c.repeatComplaints };
    }
    case 'repairs': {
      const p = r as RepairReport;
      return { month: p.month, total: p.total, responseOnTimeRate: p.response.rate, arrivalOnTimeRate: p.arrival.rate, resolveOnTimeRate: p.resolve.rate, avgHandlingMinutes: p.avgHandlingMinutes, satisfaction: p.satisfaction, surveyReturnRate: p.surveyReturnRate };
    }
    case 'leave': {
      const l = r as LeaveReport;
      return { month: l.month, requests: l.requests, approvedDays: l.approvedDays, ...Object.fromEntries(l.byType.map((t) => [`days_${t.leaveType}`, t.approvedDays])) };
    }
    default: {
      const d = r as DrillReport;
      return { month: d.month, drillsDue: d.drills.due, drillOnTimeRate: d.drills.onTimeRate, patrolRounds: d.patrols.rounds, patrolOnTimeRate: d.patrols.onTimeRate };
    }
  }
}

/** The 12 months ending with `last`, oldest first: one read of the whole range. */
export async function trend(kind: ReportKind, last: string, scope: ReportScope, deps: ReportDeps, months = 12) {
  const first = monthsEnding(last, months)[0]!;
  return (await reportsOf(kind, first, last, scope, deps)).map((r) => trendPoint(kind, r));
}
