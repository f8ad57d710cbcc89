// Who may do what: the one table. Handlers ask `check(action, sender, relation)` before changing anything;
// status rules (what may happen next) stay in the workflow handlers.
import type { Person, Role } from '../store/index.js';

export const ROLE_ZH: Record<Role, string> = { resident: '住户', staff: '员工', lead: '组长', supervisor: '主管', manager: '经理' };

/** The engineering team takes repairs; the 客服 team runs the desk (complaints, follow-ups). */
export const ENGINEERING = '工程';
export const DESK = '客服';

export type Action =
  | 'repair.create'
  | 'repair.dispatch'
  | 'repair.accept'
  | 'repair.arrive'
  | 'repair.complete'
  | 'repair.followup'
  | 'repair.close'
  | 'repair.cancel'
  | 'complaint.create'
  | 'complaint.handle'
  | 'complaint.invalid'
  | 'complaint.followup'
  | 'complaint.close'
  | 'ticket.view'
  | 'ticket.categorize'
  | 'ticket.appoint'
  | 'inquiry.handle'
  | 'ticket.pause'
  | 'ticket.resume'
  | 'leave.request'
  | 'leave.decide'
  | 'leave.own'
  | 'handover.create'
  | 'handover.confirm'
  | 'person.verify'
  | 'property.bind'
  | 'roster.view'
  | 'shift.swap'
  | 'shift.cover'
  | 'shift.decide'
  | 'person.deactivate'
  | 'dutylog.view'
  | 'dutylog.sign'
  | 'dutylog.spot-check';

/**
 * A grant: a role (any team), `role@team`, or a relation to the item:
 * reporter (who reported the ticket), assignee (who took it), requester (whose leave it is).
 */
type Grant = Role | `${Role}@${string}` | 'reporter' | 'assignee' | 'requester' | 'team';

interface Rule {
  who: Grant[];
  /** The accused of a complaint may not take part (被投诉人应当回避). */
  recuse?: boolean;
  /** Polite refusal, shown as is. */
  deny: string;
  /** The refusal for a resident, when `deny` speaks to staff. */
  denyResident?: string;
}

const EVERYONE: Grant[] = ['resident', 'staff', 'lead', 'supervisor', 'manager'];
const DESK_TEAM: Grant[] = [`staff@${DESK}`, `lead@${DESK}`, 'supervisor', 'manager'];

export const RULES: Record<Action, Rule> = {
  'repair.create': { who: EVERYONE, deny: '抱歉，您暂时不能报修，请联系客服中心。' },
  'repair.dispatch': { who: [`staff@${DESK}`, 'lead', 'supervisor', 'manager'], deny: '抱歉，派单由客服、组长、主管或经理操作。工程组同事可直接「接单 #单号」。' },
  'repair.accept': { who: ['team'], deny: '抱歉，只有负责该报修的班组同事可以接单。' },
  'repair.arrive': { who: ['assignee'], deny: '抱歉，只有接单的维修人员可以登记到场。' },
  'repair.complete': { who: ['assignee'], deny: '抱歉，只有接单的维修人员可以登记完工。' },
  'repair.followup': { who: ['reporter', ...DESK_TEAM], deny: '抱歉，回访由报修人本人或客服登记。' },
  'repair.close': { who: [`staff@${DESK}`, 'lead', 'supervisor', 'manager'], deny: '抱歉，关闭工单由客服、组长、主管或经理操作。' },
  'repair.cancel': { who: ['reporter', 'lead', 'supervisor', 'manager'], deny: '抱歉，只有报修人本人或组长、主管可以取消报修。' },
  'complaint.create': { who: EVERYONE, deny: '抱歉，您暂时不能提交投诉，请联系客服中心。' },
  'complaint.handle': { who: DESK_TEAM, recuse: true, deny: '抱歉，投诉由客服组处理。' },
  'complaint.invalid': { who: [`lead@${DESK}`, 'supervisor', 'manager'], recuse: true, deny: '抱歉，判定无效投诉需由客服组长或主管操作。' },
  'complaint.followup': { who: ['reporter', ...DESK_TEAM], recuse: true, deny: '抱歉，回访由投诉人本人或客服登记。' },
  'complaint.close': { who: DESK_TEAM, recuse: true, deny: '抱歉，关闭投诉由客服组操作。' },
  'ticket.categorize': { who: DESK_TEAM, deny: '抱歉，调整分类由客服、客服组长、主管或经理操作。' },
  'ticket.appoint': { who: ['assignee', ...DESK_TEAM, 'lead'], deny: '抱歉，约定上门时间由客服、接单人员、组长或主管登记。' },
  'inquiry.handle': { who: DESK_TEAM, deny: '抱歉，咨询由客服组回复和处理。' },
  'ticket.view': { who: ['reporter', 'staff', 'lead', 'supervisor', 'manager'], deny: '抱歉，只能查询您本人提交的工单。' },
  'ticket.pause': { who: ['assignee', `staff@${DESK}`, 'lead', 'supervisor', 'manager'], recuse: true, deny: '抱歉，暂停计时由接单人员、客服、组长、主管或经理操作。如需改约上门时间，请联系维修人员或客服中心。' },
  'ticket.resume': { who: ['assignee', `staff@${DESK}`, 'lead', 'supervisor', 'manager'], recuse: true, deny: '抱歉，恢复计时由接单人员、客服、组长、主管或经理操作。' },
  'leave.request': { who: ['staff', 'lead', 'supervisor', 'manager'], deny: '抱歉，请假仅限物业员工使用。' },
  'leave.decide': { who: ['lead', 'supervisor', 'manager'], deny: '抱歉，员工不能审批请假，请假由组长、主管或经理审批。', denyResident: '抱歉，住户不能审批请假。如需报修、投诉或查询进度，请直接描述问题或发送「帮助」。' },
  'leave.own': { who: ['requester'], deny: '抱歉，只有请假人本人可以操作。' },
  'handover.create': { who: ['staff', 'lead'], deny: '抱歉，交班由值班员工或组长登记。' },
  'handover.confirm': { who: ['staff', 'lead'], deny: '抱歉，接班由值班员工或组长确认。' },
  'person.verify': { who: ['lead', 'supervisor', 'manager'], deny: '抱歉，核实新成员由组长、主管或经理操作。' },
  'property.bind': { who: ['lead', 'supervisor', 'manager'], deny: '抱歉，绑定项目由组长、主管或经理在群里操作。' },
  'roster.view': { who: ['staff', 'lead', 'supervisor', 'manager'], deny: '抱歉，排班和值班信息仅限物业员工查看。如需帮助请直接描述问题。' },
  'shift.swap': { who: ['staff', 'lead'], deny: '抱歉，换班由排班中的员工或组长申请。' },
  'shift.cover': { who: ['staff', 'lead', 'supervisor', 'manager'], deny: '抱歉，顶岗由在岗员工或组长登记。' },
  'shift.decide': { who: ['lead', 'supervisor', 'manager'], deny: '抱歉，换班由组长、主管或经理审批。' },
  'person.deactivate': { who: ['supervisor', 'manager'], deny: '抱歉，停用或启用人员由主管或经理操作。如有同事离职，请告诉主管。' },
  'dutylog.view': { who: ['staff', 'lead', 'supervisor', 'manager'], deny: '抱歉，值班日志仅限物业员工查看。' },
  'dutylog.sign': { who: ['lead', 'supervisor', 'manager'], deny: '抱歉，值班日志由组长检查并签字确认。发送「值班日志」可以查看本组的值班日志。' },
  'dutylog.spot-check': { who: ['supervisor', 'manager'], deny: '抱歉，值班日志抽查由主管或经理进行。' },
};

/** What an unverified stranger may do: report, and follow their own reports. */
const UNVERIFIED_MAY: ReadonlySet<Action> = new Set(['repair.create', 'complaint.create']);
export const UNVERIFIED = '您的身份还未核实，目前只能报修和投诉、查询自己提交的工单。请联系组长核实身份后再使用其他指令。';

export const RECUSAL = '您是该投诉的被投诉人，按规定应当回避，不能处理此投诉。已由客服主管跟进。';

/** The sender's relation to the item the action is about. */
export interface Relation {
  /** The team the item belongs to ('team' grants its staff and lead). */
  team?: string | null;
  reporterId?: number | null;
  assigneeId?: number | null;
  accusedId?: number | null;
  requesterId?: number | null;
}

function grants(g: Grant, p: Person, rel: Relation): boolean {
  switch (g) {
    case 'reporter':
      return rel.reporterId != null && rel.reporterId === p.id;
    case 'assignee':
      return rel.assigneeId != null && rel.assigneeId === p.id;
    case 'requester':
      return rel.requesterId != null && rel.requesterId === p.id;
    case 'team':
      return rel.team != null && p.team === rel.team && (p.role === 'staff' || p.role === 'lead');
    default: {
      const [role, team] = g.split('@');
      return p.role === role && (team === undefined || p.team === team);
    }
  }
}

/** null when allowed, else the polite refusal to reply with. */
export function check(action: Action, p: Person, rel: Relation = {}): string | null {
  const rule = RULES[action];
  if (rule.recuse && rel.accusedId != null && rel.accusedId === p.id) return RECUSAL;
  if (!p.verified) {
    // A stranger has no role yet: only reporting, and what the relation to an item of their own gives.
    const own = rule.who.some((g) => (g === 'reporter' || g === 'requester') && grants(g, p, rel));
    return UNVERIFIED_MAY.has(action) || own ? null : UNVERIFIED;
  }
  if (rule.who.some((g) => grants(g, p, rel))) return null;
  // A resident is told what concerns a resident, not which member of staff may do this.
  return p.role === 'resident' && rule.denyResident ? rule.denyResident : rule.deny;
}

export const RANK: Record<Role, number> = { resident: 0, staff: 1, lead: 2, supervisor: 3, manager: 4 };

// Who approves leave (and later 换班) — the chain by length and rank — is approval.ts.

