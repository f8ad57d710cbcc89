// Every outbox dedupe key, built in one place. The key is unique in the outbox, so a push whose key was
// queued before is never queued again: retries, restarts and overlapping job runs cannot repeat it.
import type { Recipient } from '../bot/message.js';
import type { ClockName, ItemType } from '../store/index.js';

type Part = string | number;

/** A push about a workflow item: `ticket:12:created:lead:5`, `leave:3:approved:requester:7` … */
export const itemPush = (type: ItemType | 'person', id: number, event: string, ...who: Part[]): string => [type, id, event, ...who].join(':');

/** Every key of an item's SLA alerts starts with this (of one clock when `clock` is given). */
export const slaPrefix = (type: ItemType, id: number, clock?: ClockName): string => `sla:${type}:${id}:${clock ? `${clock}:` : ''}`;

/** One alert level of one clock to one recipient; the due time is in it, so a restarted clock alerts again. */
export const slaAlert = (c: { itemType: ItemType; itemId: number; clock: ClockName; dueAt: Date }, level: number | string, to: Recipient): string =>
  `${slaPrefix(c.itemType, c.itemId, c.clock)}${c.dueAt.getTime()}:L${level}:${to.kind === 'person' ? `p${to.personId}` : 'group'}`;

/** 暂停 / 恢复 of a ticket, by the history event that recorded it. */
export const pausePush = (ticketId: number, eventId: number, assignee = false): string => `pause:${ticketId}:${eventId}${assignee ? ':assignee' : ''}`;
export const resumePush = (ticketId: number, eventId: number): string => `resume:${ticketId}:${eventId}`;

/** A drill reminder at `hours` before due, to the group or one person. */
export const drillReminder = (drillId: number, hours: number, personId?: number): string => `drill:${drillId}:remind:${hours}h${personId ? `:person:${personId}` : ''}`;

/** The duty-group note that default tasks were scheduled. */
export const drillDefaultsNote = (drillIds: number[]): string => `drill-defaults:${drillIds.join(',')}`;

/** A push about a patrol round: `patrol:12:opened:person:5`, `patrol:12:missed:7`, `patrol:12:finding:7`. */
export const patrolPush = (roundId: number, event: string, ...who: Part[]): string => ['patrol', roundId, event, ...who].join(':');

/** One daily digest per reader (a lead or a supervisor) and local day. */
export const digest = (day: string, readerId: number): string => `digest:${day}:${readerId}`;

/** Next year's holiday calendar is missing: once per year, to the group and each manager. */
export const calendarUncovered = (year: number, managerId?: number): string => `calendar:${year}:uncovered${managerId ? `:${managerId}` : ''}`;

/** The reply to a message recovered after a crash, pushed to its sender. */
export const recoveredReply = (inboundId: number): string => `recover:${inboundId}`;

/** An outbox channel was paused on a configuration error: once per pause episode (its start), to the group or one manager. */
export const channelPaused = (channel: string, since: Date, managerId?: number): string => `outbox-paused:${channel}:${since.getTime()}${managerId ? `:${managerId}` : ''}`;

/** The same episode is over: the channel works again. */
export const channelResumed = (channel: string, since: Date, managerId?: number): string => `outbox-resumed:${channel}:${since.getTime()}${managerId ? `:${managerId}` : ''}`;

/** The row of a group push on one outbox channel. */
export const onChannel = (key: string, channel: string): string => `${key}@${channel}`;

/** A roster entry's handover reminder to the outgoing person, and the alert to a lead that it was missed. */
export const shiftPush = (entryId: number, event: 'handover-remind' | 'handover-missed', personId: number): string => `shift:${entryId}:${event}:${personId}`;

/** The desk unstaffed in its opening hours since `since`: one alert per gap and person told. */
export const deskUnstaffed = (propertyId: number, since: Date, personId: number): string => `desk-unstaffed:${propertyId}:${since.getTime()}:${personId}`;
/** A duty log (one team, one local date) no lead signed: once per log and supervisor. */
export const unsignedLogAlert = (team: string, date: string, personId: number, propertyId = 1): string => `duty-log:${propertyId}:${date}:${team}:unsigned:p${personId}`;

/** The monthly spot-check list (month of the logs), and the reminder near the month's end: once per month and reader. */
export const spotCheckPlan = (month: string, personId: number, propertyId = 1): string => `duty-log:${propertyId}:${month}:spot-check:plan:p${personId}`;
export const spotCheckReminder = (month: string, personId: number, propertyId = 1): string => `duty-log:${propertyId}:${month}:spot-check:remind:p${personId}`;

/** The monthly report summary (month = YYYY-MM of the report): once per reader and month. */
export const monthlyReportPush = (month: string, readerId: number): string => `monthly-report:${month}:p${readerId}`;
