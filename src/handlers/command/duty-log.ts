// The words after 值班日志 / 已阅 值班日志 / 抽查 值班日志 / 抽查 进度: a day that has passed (a log is about the past),
// then a team and a remark, which the handlers read (they know the teams).
import type { Command } from './command.js';
import { tidy } from './normalize.js';

const DAY_MS = 86_400_000;
const RELATIVE: Record<string, number> = { 大前天: -3, 前天: -2, 昨天: -1, 昨日: -1, 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2 };
const DAY = /(?<y>\d{4})[-/.年](?<ym>\d{1,2})[-/.月](?<yd>\d{1,2})[日号]?|(?<m>\d{1,2})月(?<d>\d{1,2})[日号]?|(?<sm>\d{1,2})[/.](?<sd>\d{1,2})(?![\d:])|(?<rel>大前天|前天|昨天|昨日|今天|今日|明天|明日|后天)/;
const MONTH = /(?:(?<y>\d{4})[-/.年])?(?<m>\d{1,2})月(?!\d)|(?<iy>\d{4})-(?<im>\d{1,2})(?![\d-])|(?<rel>上个?月|本月|这个月)/;

const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (now: Date, offset: number) => new Date(now.getTime() + offset * 60_000).toISOString().slice(0, 10);

/** YYYY-MM-DD when y-m-d is a real date, else null. */
function real(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? `${y}-${pad(m)}-${pad(d)}` : null;
}

/**
 * A day of a log: without a year, the latest such date up to today (12月3日 said in January is last year's). A day to
 * come (明天) is returned as such for the handler to refuse.
 */
export function parsePastDay(text: string, now: Date, offset: number): { date?: string; bad?: string; rest: string } {
  const m = DAY.exec(text);
  if (!m) return { rest: text };
  const g = m.groups!;
  const today = localDay(now, offset);
  const year = Number(today.slice(0, 4));
  const rest = tidy(text.slice(0, m.index) + ' ' + text.slice(m.index + m[0].length));
  let date: string | null;
  if (g.rel) date = new Date(Date.parse(`${today}T00:00:00Z`) + RELATIVE[g.rel]! * DAY_MS).toISOString().slice(0, 10);
  else if (g.y) date = real(Number(g.y), Number(g.ym), Number(g.yd));
  else {
    const [mm, dd] = g.m ? [Number(g.m), Number(g.d)] : [Number(g.sm), Number(g.sd)];
    const thisYear = real(year, mm, dd);
    date = thisYear && thisYear <= today ? thisYear : real(year - 1, mm, dd);
  }
  return date ? { date, rest } : { bad: m[0], rest };
}

/** A month up to the current one (11月 said in January is last November), as YYYY-MM; '' for none named. */
export function parseMonth(text: string, now: Date, offset: number): { month: string; rest: string } {
  const m = MONTH.exec(text);
  if (!m) return { month: '', rest: text };
  const g = m.groups!;
  const today = localDay(now, offset);
  const [y, mo] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const rest = tidy(text.slice(0, m.index) + ' ' + text.slice(m.index + m[0].length));
  if (g.rel) return { month: g.rel.startsWith('上') ? (mo === 1 ? `${y - 1}-12` : `${y}-${pad(mo - 1)}`) : today.slice(0, 7), rest };
  const month = Number(g.m ?? g.im);
  if (month < 1 || month > 12) return { month: '', rest: text };
  const named = g.y ?? g.iy;
  const year = named ? Number(named) : month <= mo ? y : y - 1;
  return { month: `${year}-${pad(month)}`, rest };
}

const LOG_WORD = /^(?:值班日志|值班记录|日志)\s*/;

/**
 * 值班日志 [昨天] [工程] · 已阅 值班日志 [12月3日] [备注] · 抽查 值班日志 12月3日 [工程] [意见] · 抽查 进度 [11月].
 * 已阅 and 抽查 without 值班日志 (or a date) are ordinary words: null.
 */
export function dutyLogCommand(cmd: Command, rest: string, now: Date, offset: number): Command | null {
  let body = rest;
  if (cmd.intent === 'spotCheck' && /^进度/.test(body)) {
    const { month, rest: after } = parseMonth(body.replace(/^进度\s*/, ''), now, offset);
    return { ...cmd, spotCheckMonth: month, ...(after ? { detail: after } : {}) };
  }
  if (cmd.intent !== 'dutyLog') {
    const named = LOG_WORD.test(body);
    if (!named && !(cmd.intent === 'spotCheck' && DAY.test(body) && DAY.exec(body)!.index === 0)) return null;
    body = body.replace(LOG_WORD, '');
  }
  const { date, bad, rest: after } = parsePastDay(body, now, offset);
  return { ...cmd, ...(date ? { logDate: date } : {}), ...(bad ? { badDate: bad } : {}), ...(after ? { detail: after } : {}) };
}
