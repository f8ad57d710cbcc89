// Shared reply formatting for the workflows: references, Chinese status names, locations, phones.
import { formatLocal } from '../clock.js';
import type { LeaveKind, LeaveRequest, LeaveStatus, Person, Role, Ticket, TicketEvent, TicketKind, TicketStatus } from '../store/types.js';

export const KIND_ZH: Record<TicketKind, string> = { repair: '报修', complaint: '投诉' };

export const STATUS_ZH: Record<TicketStatus, string> = {
  pending: '待派单',
  dispatched: '已派单',
  accepted: '已接单',
  arrived: '已到场',
  completed: '已完工',
  received: '已受理',
  replied: '已回复',
  processing: '处理中',
  resolved: '已解决',
  followed_up: '已回访',
  closed: '已关闭',
  cancelled: '已取消',
  invalid: '无效投诉',
};

export const LEAVE_STATUS_ZH: Record<LeaveStatus, string> = {
  pending: '待审批',
  approved: '已批准',
  rejected: '已驳回',
  returned: '已销假',
  withdrawn: '已撤回',
};

export const LEAVE_TYPE_ZH: Record<LeaveKind, string> = { personal: '事假', sick: '病假', annual: '年假', other: '请假' };

export const ROLE_ZH: Record<Role, string> = { resident: '住户', staff: '员工', lead: '组长', supervisor: '主管', manager: '经理' };

/** History actions (TicketEvent.action) as people read them. */
export const ACTION_ZH: Record<string, string> = {
  created: '登记',
  dispatched: '派单',
  reassigned: '改派',
  accepted: '接单',
  arrived: '到场',
  completed: '完工',
  followed_up: '回访',
  closed: '关闭',
  cancelled: '取消',
  replied: '回复',
  processing: '处理',
  resolved: '解决',
  invalid: '判定无效',
  handover: '交接班转交',
};

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

/** 138****5678: the only form a phone number may take in a group push. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const d = phone.replace(/\D/g, '');
  return d.length >= 7 ? `${d.slice(0, 3)}****${d.slice(-4)}` : '****';
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

/** 事假 11月24日（1天） */
export function leaveLine(l: LeaveRequest): string {
  return `${LEAVE_TYPE_ZH[l.leaveType]} ${dateRange(l.startDate, l.endDate)}（${l.days}天）`;
}

/** A person with their team: 张伟（工程）. */
export function personLabel(p: Pick<Person, 'name' | 'role' | 'team'>): string {
  if (p.role === 'resident') return `${p.name}（住户）`;
  return p.team ? `${p.name}（${p.team}）` : p.name;
}

/** One history line: `11月23日 09:05 赵强 派单 → 已派单：派给张伟`. */
export function eventLine(e: TicketEvent, actorName: string, offsetMinutes: number): string {
  const change = e.toStatus && e.toStatus !== e.fromStatus ? ` → ${STATUS_ZH[e.toStatus]}` : '';
  return `${when(e.createdAt, offsetMinutes)} ${actorName} ${ACTION_ZH[e.action] ?? e.action}${change}${e.note ? `：${clip(e.note, 60)}` : ''}`;
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
