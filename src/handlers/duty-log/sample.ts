// The monthly spot check (docs/desk-rules.md#duty-log-review-and-spot-checks): once a month is over, at least
// DUTY_LOG_SPOT_CHECK_PERCENT of its duty logs — rounded up for each team, so every team that handed over is looked
// at — are picked for the supervisors to check during the following month. The pick is a hash of month, team and
// date: the same on every run, spread over the month, no weekday pattern to guess; and it is recorded the first time.
import { localDate } from '../../clock.js';
import type { DutyLogReview, DutyLogSample, Stores } from '../../store/index.js';
import { dayLabel, dutyLogs, monthDays, monthLabel, monthOf, teamLabel } from './log.js';

type LogKey = { team: string; date: string };

/** FNV-1a, 32 bits: a stable, well-spread number for a string. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (const c of s) h = Math.imul(h ^ c.codePointAt(0)!, 0x01000193) >>> 0;
  return h;
}

/** ceil(percent %) of each team's logs of the month, by date then team. */
export function pickSample(logs: readonly LogKey[], month: string, percent: number): LogKey[] {
  const byTeam = new Map<string, LogKey[]>();
  for (const l of logs) byTeam.set(l.team, [...(byTeam.get(l.team) ?? []), l]);
  const picked: LogKey[] = [];
  for (const [team, list] of byTeam) {
    const n = Math.ceil((list.length * percent) / 100);
    const ranked = [...list].sort((a, b) => hash(`${month}|${team}|${a.date}`) - hash(`${month}|${team}|${b.date}`) || a.date.localeCompare(b.date));
    picked.push(...ranked.slice(0, n).map(({ team: t, date }) => ({ team: t, date })));
  }
  return picked.sort((a, b) => a.date.localeCompare(b.date) || a.team.localeCompare(b.team));
}

export interface SpotCheckState {
  /** YYYY-MM of the logs. */
  month: string;
  /** How many logs the month has. */
  logs: number;
  sample: DutyLogSample[];
  done: DutyLogSample[];
  remaining: DutyLogSample[];
  /** Spot checks of logs outside the sample. */
  extra: DutyLogReview[];
}

const same = (a: LogKey, b: LogKey) => a.team === b.team && a.date === b.date;

/** The month's spot check: its sample (picked and recorded on first use once the month is over) and what is done. */
export async function spotCheckState(stores: Stores, month: string, percent: number, now: Date, offset: number): Promise<SpotCheckState> {
  const { first, last } = monthDays(month);
  const logs = await dutyLogs(stores, first, last, offset);
  let sample = await stores.dutyLog.sample(month);
  const over = month < monthOf(localDate(now, offset));
  if (!sample.length && over && logs.length) sample = await stores.dutyLog.saveSample(month, pickSample(logs, month, percent), now);
  const reviews = await stores.dutyLog.reviewsBetween('spot-check', first, last);
  const done = sample.filter((s) => reviews.some((r) => same(r, s)));
  return { month, logs: logs.length, sample, done, remaining: sample.filter((s) => !done.includes(s)), extra: reviews.filter((r) => !sample.some((s) => same(r, s))) };
}

/** 「抽查 值班日志 11月5日 工程 意见」 */
export const spotCheckCommand = (l: LogKey): string => `抽查 值班日志 ${dayLabel(l.date)} ${l.team || '未分组'} 意见`;

/** One line per log: 11月5日 工程组. */
export const sampleLines = (list: readonly LogKey[]): string[] => list.map((l) => `- ${dayLabel(l.date)} ${teamLabel(l.team)}`);

/** 抽查 进度 as a reply. */
export function progressText(s: SpotCheckState, percent: number, today: string): string {
  const month = monthLabel(s.month, today);
  if (!s.sample.length) {
    if (s.month >= monthOf(today)) return `${month}的值班日志抽查名单在下月1日生成，届时会通知主管。发送「抽查 进度」查看上月的抽查进度。`;
    return `${month}没有值班日志（没有交班记录），无需抽查。`;
  }
  const lines = [`【值班日志抽查】${month}：共 ${s.logs} 份值班日志，按 ${percent}% 抽查 ${s.sample.length} 份，已完成 ${s.done.length}/${s.sample.length}。`];
  if (s.remaining.length) lines.push('未完成：', ...s.remaining.map((l) => `- ${dayLabel(l.date)} ${teamLabel(l.team)}：「${spotCheckCommand(l)}」`));
  else lines.push('本月抽查已全部完成。');
  if (s.extra.length) lines.push(`另有名单外抽查 ${s.extra.length} 份。`);
  return lines.join('\n');
}
