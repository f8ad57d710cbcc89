// What the dashboard (#14) reads: tickets by filter and scope, the running clocks of the tickets in a scope,
// the day's counts; and the operator's retry of a push.
import type { OutboxRow } from './outbox.js';
import type { SlaClockRow } from './sla-clocks.js';
import type { Ticket, TicketKind } from './tickets.js';

/** A ticket list query. Scope fields (propertyIds, scopeTeam, scopePersonId) come from the viewer, the rest from the filter form. */
/** Where the list stops counting (the page says 10000+): an exact count of a broad filter reads every match. */
export const COUNT_CAP = 10_000;

export interface TicketQuery {
  /** null: every property. */
  propertyIds?: readonly number[] | null;
  scopeTeam?: string | null;
  /** Staff see the items they hold or reported. */
  scopePersonId?: number | null;
  kind?: TicketKind;
  /** A status, or 'open' (still in hand). */
  status?: string;
  category?: string;
  propertyId?: number;
  team?: string;
  assigneeId?: number;
  /** Only tickets with a running clock past its due time at `now`. */
  overdueAt?: Date;
  createdFrom?: Date;
  createdTo?: Date;
  /** Words in the description, or the ticket number. */
  text?: string;
}

/** A viewer's scope: what the board reads (runningClocks, overdueCount). */
export type TicketScope = Pick<TicketQuery, 'propertyIds' | 'scopeTeam' | 'scopePersonId'>;

export interface TicketClock {
  clock: SlaClockRow;
  ticket: Ticket;
}

export interface DashboardStore {
  /** One page of tickets (newest first) and the total, counted up to 10,001 (more: shown as 10000+). */
  search(q: TicketQuery, page: number, pageSize: number): Promise<{ total: number; rows: Ticket[] }>;
  /** How many of the scope's tickets have a running clock due before `at` (the board's 已超时). */
  overdueCount(q: TicketScope, at: Date): Promise<number>;
  /** Open tickets in the query by kind. */
  openByKind(q: TicketQuery): Promise<Record<TicketKind, number>>;
  /** Running clocks (active, not paused, not met) of the scope's tickets due before `before`, soonest first. */
  runningClocks(q: TicketScope, before: Date, limit: number): Promise<TicketClock[]>;
  /** Tickets created / closed in [from, to). */
  dayCounts(q: TicketQuery, from: Date, to: Date): Promise<{ created: number; closed: number; completed: number }>;
  /** Leave requests whose days overlap [fromDate, toDate] (local YYYY-MM-DD), any status: their ids. */
  leaveIdsOverlapping(fromDate: string, toDate: string): Promise<number[]>;
  /** Drills and periodic tasks (not replaced) due in [from, to): their ids. */
  drillIdsDueBetween(from: Date, to: Date): Promise<number[]>;
  /** Failed and waiting pushes, newest first. */
  pushes(limit: number): Promise<OutboxRow[]>;
  /** A failed push goes back to the queue now, with a new give-up time; false when it was not failed. */
  retryPush(id: number, now: Date, giveUpAt: Date): Promise<boolean>;
}
