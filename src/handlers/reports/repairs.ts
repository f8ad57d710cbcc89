// The monthly repair report: response / arrival / handling on-time rates by team and person (the assignee), the
// top categories, and the average handling time with pauses left out, as the SLA clocks count it
// (docs/desk-rules.md#repair-deadlines, #calendars: a resume moves the clock's start by the pause).
import type { ClockState, RepairClockCube, RepairCube } from '../../store/index.js';
import { rate } from './months.js';
import { surveys } from './surveys.js';

export interface OnTime {
  onTime: number;
  late: number;
  pending: number;
  /** onTime ÷ (onTime + late); cancelled repairs' unmet clocks are left out. */
  rate: number | null;
}

export interface RepairFigures {
  total: number;
  response: OnTime;
  arrival: OnTime;
  /** 处理: completed within the handling deadline. */
  resolve: OnTime;
  /** Mean minutes from the report to 完工, pauses excluded; null when nothing was completed. */
  avgHandlingMinutes: number | null;
  satisfaction: number | null;
  rated: number;
  /** Rating requests sent to residents at 完工, those they answered themselves, and answered ÷ sent. */
  surveysSent: number;
  surveysAnswered: number;
  surveyReturnRate: number | null;
}

export interface RepairReport extends RepairFigures {
  month: string;
  byTeam: Array<RepairFigures & { team: string }>;
  byPerson: Array<RepairFigures & { personId: number | null; name: string; team: string | null }>;
  topCategories: Array<{ category: string; count: number }>;
}

export interface RepairInput {
  month: string;
  tickets: readonly RepairCube[];
  clocks: readonly RepairClockCube[];
  personName(id: number): string;
  personTeam(id: number): string | null;
  /** How many categories the top list shows. */
  top?: number;
}

class Tally {
  total = 0;
  ratingSum = 0;
  rated = 0;
  surveys = { sent: 0, answered: 0 };
  handlingMinutes = 0;
  handled = 0;
  clocks = { response: { onTime: 0, late: 0, pending: 0 }, arrival: { onTime: 0, late: 0, pending: 0 }, resolve: { onTime: 0, late: 0, pending: 0 } };
  addClock(c: RepairClockCube) {
    const k = c.clock as 'response' | 'arrival' | 'resolve';
    const into = this.clocks[k];
    if (!into) return;
    const s: ClockState = c.state;
    if (s === 'on_time') into.onTime += c.count;
    else if (s === 'late') into.late += c.count;
    else if (s === 'pending') into.pending += c.count;
    if (k === 'resolve') {
      this.handlingMinutes += c.metMinutes;
      this.handled += c.met;
    }
  }
  figures(): RepairFigures {
    const on = (x: { onTime: number; late: number; pending: number }): OnTime => ({ ...x, rate: rate(x.onTime, x.onTime + x.late) });
    return {
      total: this.total,
      response: on(this.clocks.response),
      arrival: on(this.clocks.arrival),
      resolve: on(this.clocks.resolve),
      avgHandlingMinutes: this.handled ? Math.round((this.handlingMinutes / this.handled) * 10) / 10 : null,
      satisfaction: this.rated ? Math.round((this.ratingSum / this.rated) * 100) / 100 : null,
      rated: this.rated,
      ...surveys(this.surveys),
    };
  }
}

const NO_TEAM = '未分组';

export function repairReport(input: RepairInput): RepairReport {
  const all = new Tally();
  const teams = new Map<string, Tally>();
  const people = new Map<number | null, Tally>();
  const cats = new Map<string, number>();
  const of = <K>(m: Map<K, Tally>, k: K) => m.get(k) ?? m.set(k, new Tally()).get(k)!;
  for (const t of input.tickets.filter((x) => x.month === input.month)) {
    for (const tally of [all, of(teams, t.team ?? NO_TEAM), of(people, t.assigneeId)]) {
      tally.total += t.count;
      tally.ratingSum += t.ratingSum;
      tally.rated += t.rated;
      tally.surveys.sent += t.surveysSent;
      tally.surveys.answered += t.surveysAnswered;
    }
    cats.set(t.category ?? '未分类', (cats.get(t.category ?? '未分类') ?? 0) + t.count);
  }
  for (const c of input.clocks.filter((x) => x.month === input.month)) {
    for (const tally of [all, of(teams, c.team ?? NO_TEAM), of(people, c.assigneeId)]) tally.addClock(c);
  }
  return {
    month: input.month,
    ...all.figures(),
    byTeam: [...teams].map(([team, t]) => ({ team, ...t.figures() })).sort((a, b) => b.total - a.total || a.team.localeCompare(b.team)),
    byPerson: [...people]
      .map(([id, t]) => ({ personId: id, name: id === null ? '未接单' : input.personName(id), team: id === null ? null : input.personTeam(id), ...t.figures() }))
      .sort((a, b) => b.total - a.total || (a.personId ?? 0) - (b.personId ?? 0)),
    topCategories: [...cats].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)).slice(0, input.top ?? 10),
  };
}
