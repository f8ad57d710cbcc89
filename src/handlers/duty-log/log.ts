// 值班日志 (docs/desk-rules.md#duty-log-review-and-spot-checks): the duty log of a team for a local date is that day's
// handovers — who handed over to whom and when, the duty notes (值班情况) and the work handed over or left to follow up.
// The lead signs it (kind daily), the supervisors spot-check a sample of last month's logs (kind spot-check).
import { fromLocal, localDate } from '../../clock.js';
import type { DutyLogReview, Handover, Person, Stores, Ticket } from '../../store/index.js';
import { handoverRef, when } from '../format.js';
import { maskPhones, ticketView, type Reader } from '../privacy.js';
import { STATUS_ZH } from '../ticket.js';

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

export interface DutyLog {
  /** '' for people without a team. */
  team: string;
  /** Local date, YYYY-MM-DD. */
  date: string;
  /** Oldest first. */
  handovers: Handover[];
}

/** The log a handover belongs to: its team ('' without one). */
export const teamKey = (team: string | null | undefined): string => team ?? '';
/** 工程组 · 未分组 */
export const teamLabel = (team: string): string => (team ? `${team}组` : '未分组');

export const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
/** 12月3日 */
export const dayLabel = (date: string): string => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
export const monthOf = (date: string): string => date.slice(0, 7);
/** 11月 (2025年11月 when it is not this year's). */
export const monthLabel = (month: string, today: string): string => `${month.slice(0, 4) === today.slice(0, 4) ? '' : `${month.slice(0, 4)}年`}${Number(month.slice(5, 7))}月`;
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}
/** First and last day of a month (YYYY-MM). */
export function monthDays(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
  return { first: `${month}-01`, last: addDays(`${next}-01`, -1) };
}

/** hh:mm of an instant in the zone. */
const clockTime = (d: Date, offset: number): string => when(d, offset).split(' ')[1]!;

/** The duty logs of the local dates from..to (inclusive), by date then team. */
export async function dutyLogs(stores: Stores, from: string, to: string, offset: number): Promise<DutyLog[]> {
  const rows = await stores.handovers.createdBetween(fromLocal(from, '00:00', offset), fromLocal(addDays(to, 1), '00:00', offset));
  const logs = new Map<string, DutyLog>();
  for (const h of rows) {
    const date = localDate(h.createdAt, offset);
    const team = teamKey(h.team);
    const key = `${date}|${team}`;
    const log = logs.get(key) ?? { team, date, handovers: [] };
    log.handovers.push(h);
    logs.set(key, log);
  }
  return [...logs.values()].sort((a, b) => a.date.localeCompare(b.date) || a.team.localeCompare(b.team));
}

/** The log of one team and day, or null when nobody handed over that day. */
export async function dutyLogOf(stores: Stores, team: string, date: string, offset: number): Promise<DutyLog | null> {
  return (await dutyLogs(stores, date, date, offset)).find((l) => l.team === team) ?? null;
}

/** An item of a handover as this reader may see it now: a complaint in a group or to its accused shows its number only. */
function itemLine(note: string, t: Ticket | undefined, reader: Reader): string {
  const prefix = /^(移交|待跟进)：/.exec(note)?.[0] ?? '';
  if (!t) return note;
  if (t.kind === 'complaint' && (reader === 'group' || reader.id === t.accusedId)) return `${prefix}投诉#${t.id}（${STATUS_ZH[t.status]}）`;
  return `${prefix}${ticketView(reader, t).line()}（现${STATUS_ZH[t.status]}）`;
}

export interface LogReviews {
  daily: DutyLogReview | null;
  spotCheck: DutyLogReview | null;
}

/** The log as a reply: each handover with its notes and items, then the sign-off and the spot check. */
export async function logText(stores: Stores, log: DutyLog, reviews: LogReviews, reader: Reader, offset: number): Promise<string> {
  const ids = new Set<number>(log.handovers.flatMap((h) => [h.outgoingId, ...(h.incomingId ? [h.incomingId] : [])]));
  for (const r of [reviews.daily, reviews.spotCheck]) if (r) ids.add(r.reviewerId);
  const people = new Map<number, Person>((await stores.people.byIds([...ids])).map((p) => [p.id, p]));
  const name = (id: number) => people.get(id)?.name ?? `编号${id}`;
  const tickets = new Map((await stores.tickets.byIds(log.handovers.flatMap((h) => h.items.flatMap((i) => (i.ticketId ? [i.ticketId] : []))))).map((t) => [t.id, t]));

  const lines = [`【值班日志】${dayLabel(log.date)} ${teamLabel(log.team)}，交班 ${log.handovers.length} 次`];
  for (const h of log.handovers) {
    const taken = h.incomingId && h.confirmedAt ? ` → ${name(h.incomingId)}（${clockTime(h.confirmedAt, offset)}接班）` : '，待接班';
    lines.push(`${handoverRef(h.id)} ${clockTime(h.createdAt, offset)} ${name(h.outgoingId)}${taken}`);
    lines.push(`  值班情况：${h.dutyLog}`);
    for (const i of h.items) lines.push(`  ${itemLine(i.note, i.ticketId ? tickets.get(i.ticketId) : undefined, reader)}`);
  }
  const d = reviews.daily;
  lines.push(d ? `组长签字：${name(d.reviewerId)} ${when(d.reviewedAt, offset)} 已阅${d.note ? `，备注：${d.note}` : ''}` : `组长签字：未签字。组长检查后请发送「已阅 值班日志 ${dayLabel(log.date)}」。`);
  const s = reviews.spotCheck;
  if (s) lines.push(`主管抽查：${name(s.reviewerId)} ${when(s.reviewedAt, offset)}${s.note ? `，意见：${s.note}` : ''}`);
  // Like the daily digest, the log names no phone number, whatever the duty notes say.
  return maskPhones(lines.join('\n'));
}

/** Both reviews of a log. */
export async function reviewsOf(stores: Stores, log: Pick<DutyLog, 'team' | 'date'>): Promise<LogReviews> {
  return { daily: await stores.dutyLog.reviewOf(log, 'daily'), spotCheck: await stores.dutyLog.reviewOf(log, 'spot-check') };
}

/** Who oversees a team's log: its supervisors, else every supervisor, else the managers (active and verified). */
export async function overseers(stores: Stores, team: string): Promise<Person[]> {
  const all = (await stores.people.byRole('supervisor')).filter((p) => p.verified);
  const own = all.filter((p) => team && p.team === team);
  if (own.length) return own;
  return all.length ? all : (await stores.people.byRole('manager')).filter((p) => p.verified);
}
