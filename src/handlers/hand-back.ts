// What a deactivated person leaves behind (docs/desk-rules.md#directory): their unfinished tickets go back to their lead —
// an active lead of their team, else of the ticket's team, never the accused of a complaint — with a history line on each
// (停用：原负责人张伟已停用，退回组长赵强). A repair they had accepted or reached goes back to 已派单, so the lead may pass it on
// (派单) or take it (接单). With no lead to take it, the ticket is unassigned (a repair back to 待派单) and the supervisors
// hear of it. Each lead is told once, with the whole list. Pending leave stays with the leave rules; leave nobody else
// may decide is only named, for the reply.
import type { LeaveRequest, Person, Stores, Ticket, TicketStatus } from '../store/index.js';
import { TICKET_FINAL_STATUSES } from '../store/index.js';
import { itemPush } from './dedupe-keys.js';
import { toPerson, type Notify } from './outcome.js';
import { ticketView } from './privacy.js';
import { leaveApprovers } from './leave/states.js';
import { STATUS_ZH } from './ticket.js';

/** Who deactivated the person: someone in chat, or the operator at the command line (id null). */
export interface Actor {
  id: number | null;
  name: string;
  inboundId: number | null;
}

export interface HandBack {
  /** Each ticket as it is now, the status it had, and the lead it went to (null: nobody, unassigned). */
  moved: Array<{ ticket: Ticket; from: TicketStatus; lead: Person | null }>;
  notify: Notify[];
  /** Pending leave only the deactivated person could have decided (left unchanged). */
  leave: LeaveRequest[];
}

/** Repairs someone was working on: back to 已派单 (to a lead) or 待派单 (nobody). */
const WORK_STATUSES: readonly TicketStatus[] = ['dispatched', 'accepted', 'arrived'];

async function leadFor(stores: Stores, person: Person, t: Ticket): Promise<Person | null> {
  for (const team of [person.team, t.team]) {
    if (!team) continue;
    const lead = (await stores.people.byRole('lead', team)).find((l) => l.verified && l.id !== person.id && l.id !== t.accusedId);
    if (lead) return lead;
  }
  return null;
}

/** Leave requests nobody but `person` may decide now (the approval chain of approval.ts, with `person` still in it). */
async function onlyTheirs(stores: Stores, person: Person, topApprover: string | null): Promise<LeaveRequest[]> {
  const pending = await stores.leave.listPending();
  if (!pending.length) return [];
  const people = (await stores.people.list()).filter((p) => (p.id === person.id || p.active) && p.verified && p.role !== 'resident');
  const found = topApprover ? people.find((p) => p.name === topApprover) ?? null : null;
  const chain = { people, top: found, topRef: topApprover };
  const out: LeaveRequest[] = [];
  for (const l of pending) {
    const all = leaveApprovers(l, await stores.people.byId(l.personId), chain).all;
    if (all.some((p) => p.id === person.id) && all.every((p) => p.id === person.id)) out.push(l);
  }
  return out;
}

/**
 * Moves the unfinished tickets of a person just deactivated. `stamp` makes the pushes of this deactivation unique (the
 * message id, or the time at the command line): a later deactivation of the same person tells the lead again.
 */
export async function handBack(stores: Stores, person: Person, actor: Actor, now: Date, stamp: string, topApprover: string | null = null): Promise<HandBack> {
  const mine = (await stores.tickets.listUnfinished()).filter((t) => t.assigneeId === person.id && !TICKET_FINAL_STATUSES.includes(t.status));
  const moved: HandBack['moved'] = [];
  for (const t of mine) {
    const lead = await leadFor(stores, person, t);
    const team = t.team ?? person.team;
    const note = `停用：原负责人${person.name}已停用，${lead ? `退回组长${lead.name}` : `退回${team ? `${team}组` : ''}待重新分派`}`;
    const event = { actorId: actor.id, action: 'handed_back', note, inboundId: actor.inboundId, at: now };
    const to: TicketStatus = lead ? 'dispatched' : 'pending';
    const reopen = t.kind === 'repair' && WORK_STATUSES.includes(t.status) && t.status !== to;
    const patch = { assigneeId: lead?.id ?? null };
    const updated = reopen ? await stores.tickets.transition(t.id, t.status, to, event, patch) : await stores.tickets.amend(t.id, patch, event);
    if (updated) moved.push({ ticket: updated, from: t.status, lead });
  }

  const notify: Notify[] = [];
  const who = `${person.name}${person.team ? `（${person.team}）` : ''}`;
  type Moved = HandBack['moved'][number];
  const line = (reader: Person, m: Moved) => `- ${ticketView(reader, m.ticket).line()}（${STATUS_ZH[m.from]}${m.from !== m.ticket.status ? ` → ${STATUS_ZH[m.ticket.status]}` : ''}）`;
  const byLead = new Map<number, { lead: Person; items: Moved[] }>();
  for (const m of moved) {
    if (!m.lead) continue;
    const entry = byLead.get(m.lead.id) ?? { lead: m.lead, items: [] };
    entry.items.push(m);
    byLead.set(m.lead.id, entry);
  }
  for (const { lead, items } of byLead.values()) {
    const lines = [`【人员停用】${who}已由${actor.name}停用，名下 ${items.length} 张未完成工单退回给您：`, ...items.map((m) => line(lead, m))];
    lines.push('请尽快安排：报修发送「派单 #单号 姓名」改派，或「接单 #单号」自己处理；投诉、咨询请继续答复（「回复 #单号 内容」）。');
    notify.push(toPerson(lead.id, lines.join('\n'), itemPush('person', person.id, `deactivated:${stamp}`, 'lead', lead.id)));
  }
  const orphans = moved.filter((m) => !m.lead);
  if (orphans.length) {
    const supervisors = await stores.people.byRole('supervisor');
    const deciders = (supervisors.length ? supervisors : await stores.people.byRole('manager')).filter((p) => p.verified && p.id !== person.id);
    for (const s of deciders) {
      const lines = [`【人员停用】${who}已由${actor.name}停用，名下以下工单没有组长可以接手，已退回待重新分派：`];
      lines.push(...orphans.map((m) => line(s, m)));
      lines.push('请安排派单或答复：「派单 #单号 姓名」。');
      notify.push(toPerson(s.id, lines.join('\n'), itemPush('person', person.id, `deactivated:${stamp}`, 'supervisor', s.id)));
    }
  }
  return { moved, notify, leave: await onlyTheirs(stores, person, topApprover) };
}
