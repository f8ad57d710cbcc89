// The monthly complaint report (部门客户投诉工作月报) from grouped rows: counts, the valid rate against the households
// served, first-reply and follow-up rates, satisfaction and repeat complaints, with the targets of
// docs/desk-rules.md#complaint-follow-up-and-targets (follow-up 100 %, valid complaints under 1 %). Definitions:
// docs/desk-rules.md#report-definitions.
import type { ComplaintCube, RepeatGroup } from '../../store/index.js';
import { location } from '../format.js';
import { bump, rate } from './months.js';
import { SURVEY_RETURN_TARGET, surveys, type Surveys } from './surveys.js';

/**
 * Targets from the rules: every valid complaint followed up; valid complaints under 1 % of households; at least half
 * of the surveys returned (docs/desk-rules.md#report-definitions).
 */
export const COMPLAINT_TARGETS = { followUpRate: 1, validRateBelow: 0.01, surveyReturnRate: SURVEY_RETURN_TARGET } as const;

export interface ComplaintReport {
  month: string;
  total: number;
  /** Not declared invalid (无效投诉). */
  valid: number;
  invalid: number;
  /** valid ÷ households served (REPORT_HOUSEHOLDS); null when the households are not configured for this scope. */
  validRate: number | null;
  households: number | null;
  /** valid ÷ total, always available. */
  validShare: number | null;
  /** Category → counts, most complaints first (an object, so a chart can take its entries). */
  byCategory: Record<string, { total: number; valid: number }>;
  byProperty: Array<{ propertyId: number; name: string; total: number; valid: number }>;
  firstReply: { onTime: number; late: number; pending: number };
  /** onTime ÷ (onTime + late): answered (回复 or 无效) within SLA_COMPLAINT_REPLY_MINUTES of the complaint. */
  firstReplyOnTimeRate: number | null;
  /** Valid complaints resolved (follow-up due), followed up, followed up within SLA_FOLLOWUP_WORKDAYS working days, not yet resolved. */
  followUp: { due: number; done: number; onTime: number; unresolved: number };
  followUpRate: number | null;
  /** Average rating (1–5) of the rated complaints; null when none was rated. */
  satisfaction: number | null;
  rated: number;
  /** Rating requests sent to residents (at 解决), those they answered, and answered ÷ sent. */
  surveysSent: number;
  surveysAnswered: number;
  surveyReturnRate: number | null;
  /** Complaints that repeat an earlier one of the month at the same place and category. */
  repeatComplaints: number;
  repeatGroups: Array<{ location: string; category: string; count: number }>;
  /** Complaints naming a staff member (被投诉人, who must recuse). */
  againstStaff: number;
  targets: typeof COMPLAINT_TARGETS;
  meetsTargets: { followUpRate: boolean | null; validRate: boolean | null; surveyReturnRate: boolean | null };
}

export interface ComplaintInput {
  month: string;
  cubes: readonly ComplaintCube[];
  repeats: readonly RepeatGroup[];
  households: number | null;
  propertyName(id: number): string;
}

const NONE = '未分类';

export function complaintReport(input: ComplaintInput): ComplaintReport {
  const rows = input.cubes.filter((c) => c.month === input.month);
  let total = 0, valid = 0, ratingSum = 0, rated = 0, againstStaff = 0;
  const sent: Surveys = { sent: 0, answered: 0 };
  const firstReply = { onTime: 0, late: 0, pending: 0 };
  const followUp = { due: 0, done: 0, onTime: 0, unresolved: 0 };
  const catTotal = new Map<string, number>(), catValid = new Map<string, number>();
  const propTotal = new Map<number, number>(), propValid = new Map<number, number>();
  for (const c of rows) {
    total += c.count;
    ratingSum += c.ratingSum;
    rated += c.rated;
    sent.sent += c.surveysSent;
    sent.answered += c.surveysAnswered;
    if (c.accused) againstStaff += c.count;
    const cat = c.category ?? NONE;
    bump(catTotal, cat, c.count);
    bump(propTotal, c.propertyId, c.count);
    if (c.firstReply === 'on_time') firstReply.onTime += c.count;
    else if (c.firstReply === 'late') firstReply.late += c.count;
    else firstReply.pending += c.count;
    if (!c.valid) continue;
    valid += c.count;
    bump(catValid, cat, c.count);
    bump(propValid, c.propertyId, c.count);
    if (c.resolved) followUp.due += c.count;
    else followUp.unresolved += c.count;
    if (c.followedUp) followUp.done += c.count;
    if (c.followUpOnTime) followUp.onTime += c.count;
  }
  const validRate = input.households ? rate(valid, input.households) : null;
  const followUpRate = rate(followUp.done, followUp.due);
  const survey = surveys(sent);
  const repeats = input.repeats.filter((g) => g.month === input.month);
  return {
    month: input.month,
    total,
    valid,
    invalid: total - valid,
    validRate,
    households: input.households,
    validShare: rate(valid, total),
    byCategory: Object.fromEntries(
      [...catTotal].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([category, n]) => [category, { total: n, valid: catValid.get(category) ?? 0 }]),
    ),
    byProperty: [...propTotal].map(([propertyId, n]) => ({ propertyId, name: input.propertyName(propertyId), total: n, valid: propValid.get(propertyId) ?? 0 })).sort((a, b) => a.propertyId - b.propertyId),
    firstReply,
    firstReplyOnTimeRate: rate(firstReply.onTime, firstReply.onTime + firstReply.late),
    followUp,
    followUpRate,
    satisfaction: rated ? Math.round((ratingSum / rated) * 100) / 100 : null,
    rated,
    ...survey,
    repeatComplaints: repeats.reduce((n, g) => n + g.count - 1, 0),
    repeatGroups: repeats.map((g) => ({ location: location(g), category: g.category ?? NONE, count: g.count })),
    againstStaff,
    targets: COMPLAINT_TARGETS,
    meetsTargets: {
      followUpRate: followUpRate === null ? null : followUpRate >= COMPLAINT_TARGETS.followUpRate,
      validRate: validRate === null ? null : validRate < COMPLAINT_TARGETS.validRateBelow,
      surveyReturnRate: survey.surveyReturnRate === null ? null : survey.surveyReturnRate >= COMPLAINT_TARGETS.surveyReturnRate,
    },
  };
}
