import { TICKET_FINAL_STATUSES, type ClockName, type Ticket } from '../../store/index.js';
import { clip, location, ticketRef } from '../format.js';

/** What an alert needs to know about the item behind a clock; each workflow describes its own items. */
export interface AlertItem {
  /** 报修#12, 投诉#7, 请假#3, 交班#5, 演练#2 */
  ref: string;
  /** Where and what, short, for the people working the item. */
  summary: string;
  /** What a group chat may read about it (a complaint: the place only, never its text). */
  groupSummary: string;
  /** Who must not hear about it (the accused of a complaint): the ladder skips them and goes one level up. */
  recusedId: number | null;
  /** The person who must act; null: nobody yet (the owning team, or the duty group, and the lead are told). */
  ownerId: number | null;
  /** How the owner reads when it is not one person (a leave's approvers: 赵强、陈静). */
  ownerLabel?: string;
  team: string | null;
  /** The property (项目) it belongs to; absent: company-wide (a leave request). */
  propertyId?: number;
  /**
   * Only these people may act on the item (a leave: those who may approve it, approval.ts): each level's alert goes to
   * the ids given for it instead of the ladder's roles; none left: the duty group.
   */
  audience?(level: number): number[];
  /** The team itself owns the deadline when nobody does (the desk's follow-ups and enquiries): its members are told first. */
  teamOwns?: boolean;
  /** The deadline's own owner and team when they differ from the item's (a repair's 回访 belongs to the desk). */
  forClock?(clock: ClockName): Partial<Pick<AlertItem, 'ownerId' | 'team' | 'teamOwns'>> | null;
  /** A notice beside the ladder at a level (the desk is asked to call the resident when nobody arrived in time). */
  also?(clock: ClockName, level: number): { team: string; text: string } | null;
  /** False once the item needs no more work: its clocks are stopped instead of alerted. */
  open: boolean;
  /** 响应 / 首次答复 / 到场 / 完工 / 回访 / 审批 / 接班确认 / 演练 */
  label(clock: ClockName): string;
  /** The command that meets the clock, e.g. `接单 #12`. */
  action(clock: ClockName): string;
}

/** A ticket as an alert describes it; the workflow gives its deadlines' names and the commands that meet them. */
export function ticketAlert(t: Ticket, labels: Partial<Record<ClockName, string>>, action: (clock: ClockName) => string): AlertItem {
  const where = location(t);
  const summary = `${where ? `${where} ` : ''}${clip(t.description, 30)}`;
  return {
    ref: `${ticketRef(t)}${t.urgent ? '（紧急）' : ''}`,
    summary,
    groupSummary: t.kind === 'complaint' ? where : summary,
    recusedId: t.accusedId,
    ownerId: t.assigneeId,
    team: t.team,
    propertyId: t.propertyId,
    open: !TICKET_FINAL_STATUSES.includes(t.status),
    label: (c) => labels[c] ?? '处理',
    action,
  };
}
