// How things read in replies and pushes: references, locations, phones, times and spans.
import { formatLocal } from '../clock.js';
import type { LeaveRequest, Person, Ticket, TicketKind } from '../store/index.js';

export const KIND_ZH: Record<TicketKind, string> = { repair: '报修', complaint: '投诉', inquiry: '咨询' };

/** 报修#12 / 投诉#12 */
export const ticketRef = (t: Pick<Ticket, 'id' | 'kind'>): string => `${KIND_ZH[t.kind]}#${t.id}`;
/** 请假#3 */
export const leaveRef = (l: Pick<LeaveRequest, 'id'>): string => `请假#${l.id}`;
/** 交班#5 */
export const handoverRef = (id: number): string => `交班#${id}`;

/** 3栋2单元1502 · A座1502 · 2单元801; '' when nothing is known. */
export function location(t: Pick<Ticket, 'building' | 'unit' | 'room'>): string {
  const b = t.building ? (/^\d+$/.test(t.building) ? `${t.building}栋` : `${t.building}座`) : '';
  const u = t.unit ? `${t.unit}单元` : '';
  return `${b}${u}${t.room ?? ''}`;
}

/** Ticket summary line: `报修#12（紧急）3栋2单元1502 厨房水管漏水`. */
export function ticketLine(t: Ticket): string {
  const where = location(t);
  return `${ticketRef(t)}${t.urgent ? '（紧急）' : ''} ${where ? `${where} ` : ''}${clip(t.description, 40)}`;
}

/** A description without the urgency words the parser leaves in (紧急 / 不急 are stored as the urgent flag). */
export function describe(detail: string | undefined): string {
  return (detail ?? '').replace(/(^|\s)(?:紧急|加急|急|不急|不着急|不紧急)(?=\s|$)/g, ' ').replace(/\s+/g, ' ').trim();
}

export function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export const when = (d: Date, offsetMinutes: number): string => formatLocal(d, offsetMinutes);

/** 11月25日 or 11月25日至11月27日, from YYYY-MM-DD dates. */
export function dateRange(start: string, end: string): string {
  const md = (s: string) => {
    const [, m, d] = s.split('-').map(Number);
    return `${m}月${d}日`;
  };
  return start === end ? md(start) : `${md(start)}至${md(end)}`;
}

/** A person with their team: 张伟（工程）. */
export function personLabel(p: Pick<Person, 'name' | 'role' | 'team'>): string {
  if (p.role === 'resident') return `${p.name}（住户）`;
  return p.team ? `${p.name}（${p.team}）` : p.name;
}

/** Minutes between two instants, rounded up: for "将在30分钟内响应". */
export function minutesBetween(from: Date, to: Date): number {
  return Math.max(0, Math.ceil((to.getTime() - from.getTime()) / 60_000));
}

/** "30分钟" / "2小时" / "1小时30分钟". */
export function duration(minutes: number): string {
  if (minutes < 60) return `${minutes}分钟`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h}小时${m}分钟` : `${h}小时`;
}
