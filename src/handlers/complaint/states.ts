// 投诉 (complaint) states: 已受理 → 已回复 (next reply agreed) → 处理中 → 已解决 → 已回访 → 已关闭, or 无效投诉;
// the next step at each, what its deadlines are called in alerts, and the command that meets each.
import { type ClockName, type ComplaintStatus, type Ticket } from '../../store/index.js';
import { DESK_TEAM } from '../categories.js';
import { ticketAlert, type AlertItem } from '../sla/alert-item.js';
import { clockAction, nextStep } from '../ticket-steps.js';

export const COMPLAINT_STATUS_ZH: Record<ComplaintStatus, string> = {
  received: '已受理',
  replied: '已回复',
  processing: '处理中',
  resolved: '已解决',
  followed_up: '已回访',
  closed: '已关闭',
  invalid: '无效投诉',
};

/** History actions (TicketEvent.action) of a complaint, as people read them. */
export const COMPLAINT_ACTION_ZH: Record<string, string> = {
  created: '登记',
  replied: '回复',
  processing: '处理',
  resolved: '解决',
  invalid: '判定无效',
  followed_up: '回访',
  closed: '关闭',
};

/** The command to type next, '' when nothing is left. */
export function complaintNextStep(t: Pick<Ticket, 'id' | 'status'>): string {
  return nextStep<ComplaintStatus>(t, { received: `回复 #${t.id} 内容 下次回复 时间`, replied: `处理 #${t.id} ／ 解决 #${t.id} 说明`, processing: `解决 #${t.id} 说明` }, 'resolved');
}

/** The deadlines of a complaint as alerts name them. */
export const COMPLAINT_CLOCK_ZH: Partial<Record<ClockName, string>> = { response: '首次答复', arrival: '到场', resolve: '处理', followup: '回访' };

/** The command that meets a complaint's deadline, for the alert's 👉 line. */
export function complaintClockAction(t: Pick<Ticket, 'id'>, clock: ClockName): string {
  return clockAction(t, clock, { response: `回复 #${t.id} 答复内容`, resolve: `解决 #${t.id} 处理结果` });
}

/** A complaint as an SLA alert describes it. */
export const complaintAlert = (t: Ticket): AlertItem => ({
  // After the first reply the response clock runs to the agreed next reply: its alerts say so.
  ...ticketAlert(t, t.status === 'received' ? COMPLAINT_CLOCK_ZH : { ...COMPLAINT_CLOCK_ZH, response: '下次答复' }, (c) => complaintClockAction(t, c)),
  // Every valid complaint is followed up by the desk (100 %).
  forClock: (c) => (c === 'followup' ? { ownerId: null, team: DESK_TEAM, teamOwns: true } : null),
});
