// Survey return (问卷回收率) in the reports: the rating request a resident gets at 完工 / 解决 is the survey; it is
// returned when the resident rates the item themselves. Target: at least half returned (seed 001 asks for a 50 %
// return of the satisfaction questionnaires). Definitions: docs/desk-rules.md#report-definitions.
import { rate } from './months.js';

export const SURVEY_RETURN_TARGET = 0.5;

export interface Surveys {
  sent: number;
  answered: number;
}

/** The report fields: sent, answered and answered ÷ sent (null when none was sent). */
export const surveys = (s: Surveys) => ({ surveysSent: s.sent, surveysAnswered: s.answered, surveyReturnRate: rate(s.answered, s.sent) });
