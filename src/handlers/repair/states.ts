// 报修 (repair) states: 待派单 → 已派单 → 已接单 → 已到场 → 已完工 → 已回访 → 已关闭 (or 已取消);
// the next step at each, what its deadlines are called in alerts, and the command that meets each.
import { type ClockName, type RepairStatus, type Ticket } from '../../store/index.js';
import { DESK_TEAM } from '../categories.js';
import { location } from '../format.js';
import { ticketAlert, type AlertItem } from '../sla/alert-item.js';
import { clockAction, nextStep } from '../ticket-steps.js';

export const REPAIR_STATUS_ZH: Record<RepairStatus, string> = {
  pending: '待派单',
  dispatched: '已派单',
  accepted: '已接单',
  arrived: '已到场',
  completed: '已完工',
  followed_up: '已回访',
  closed: '已关闭',
  cancelled: '已取消',
};

/** History actions (TicketEvent.action) of a repair, as people read them. */
export const REPAIR_ACTION_ZH: Record<string, string> = {
  created: '登记',
  dispatched: '派单',
  reassigned: '改派',
  accepted: '接单',
  arrived: '到场',
  completed: '完工',
  followed_up: '回访',
  closed: '关闭',
  cancelled: '取消',
  pause: '暂停计时',
  resume: '恢复计时',
};

/** The command to type next, '' when nothing is left. */
export function repairNextStep(t: Pick<Ticket, 'id' | 'status'>): string {
  return nextStep<RepairStatus>(t, { pending: `派单 #${t.id} 姓名 ／ 接单 #${t.id}`, dispatched: `接单 #${t.id}`, accepted: `到场 #${t.id}`, arrived: `完工 #${t.id} 说明` }, 'completed');
}

/** The deadlines of a repair as alerts name them. */
export const REPAIR_CLOCK_ZH: Partial<Record<ClockName, string>> = { response: '响应', arrival: '到场', resolve: '完工', followup: '回访' };

/** The command that meets a repair's deadline, for the alert's 👉 line. */
export function repairClockAction(t: Pick<Ticket, 'id' | 'assigneeId'>, clock: ClockName): string {
  return clockAction(t, clock, { response: t.assigneeId ? `接单 #${t.id}` : `接单 #${t.id} 或 派单 #${t.id} 姓名`, resolve: `完工 #${t.id} 处理情况` });
}

/** A repair's 回访 belongs to the desk, whoever did the work. */
const DESK_OWNS = { ownerId: null, team: DESK_TEAM, teamOwns: true };

/**
 * A repair as an SLA alert describes it. When nobody has arrived by the arrival deadline the desk is asked to call
 * the resident, explain, and agree a completion time (docs/desk-rules.md#arrival-and-the-call-to-the-resident).
 */
export const repairAlert = (t: Ticket): AlertItem => ({
  ...ticketAlert(t, REPAIR_CLOCK_ZH, (c) => repairClockAction(t, c)),
  forClock: (c) => (c === 'followup' ? DESK_OWNS : null),
  also: (c, level) =>
    c === 'arrival' && level === 1
      ? {
          team: DESK_TEAM,
          text: [
            `📞 请致电业户｜报修#${t.id} 维修人员未能按时到场`,
            `请致电业户解释原因，并约定完工时间${t.phone ? `：电话 ${t.phone}` : '（报修未留电话，请查住户档案）'}`,
            `${location(t) ? `${location(t)} ` : ''}${t.description}`,
            `👉 约定后发送「约定 #${t.id} 明天下午3点」`,
          ].join('\n'),
        }
      : null,
});
