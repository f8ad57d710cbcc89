// Read-only figures for the reports and exports (#14): small grouped rows counted in SQL, so a month over a
// million tickets stays one indexed range scan. The rates and targets are computed from these rows by the pure
// functions in src/handlers/reports/. Months are local months (YYYY-MM, by the configured UTC offset).
import type { ClockName } from './sla-clocks.js';
import type { Ticket, TicketKind, TicketStatus } from './tickets.js';

/** What a viewer may see: properties (null = all), a team, or one person's own items (same shape as web/viewer.ts ViewScope). */
export interface ReportScope {
  propertyIds: number[] | null;
  team: string | null;
  personId: number | null;
}

/** A half-open range [from, to) of instants, and the local offset that names the months inside it. */
export interface MonthRange {
  from: Date;
  to: Date;
  offsetMinutes: number;
}

/** Complaints of one local month, grouped by what the report counts. */
export interface ComplaintCube {
  month: string;
  category: string | null;
  propertyId: number;
  /** Not declared invalid (无效). */
  valid: boolean;
  /** resolved, followed_up or closed: the follow-up is due. */
  resolved: boolean;
  /** followed_up or closed (a valid complaint cannot be closed without one). */
  followedUp: boolean;
  /** First answer (回复 or 无效) within the reply minutes: on_time | late (answered late, or still unanswered past due) | pending. */
  firstReply: 'on_time' | 'late' | 'pending';
  /** Names a staff member (被投诉人). */
  accused: boolean;
  /** Followed up within the follow-up clock (working days, holiday calendar). */
  followUpOnTime: boolean;
  count: number;
  ratingSum: number;
  rated: number;
  /** Rating requests that went to a resident (completed / resolved, reported by a resident). */
  surveysSent: number;
  /** Of those, rated by the resident themselves (not a rating the desk recorded from a call). */
  surveysAnswered: number;
}

/** Complaints at one place (building, unit, room) of one category that came more than once in a month. */
export interface RepeatGroup {
  month: string;
  building: string;
  unit: string | null;
  room: string | null;
  category: string | null;
  count: number;
}

/** Repairs of a local month by team, person (assignee) and category. */
export interface RepairCube {
  month: string;
  team: string | null;
  assigneeId: number | null;
  category: string | null;
  count: number;
  ratingSum: number;
  rated: number;
  /** Rating requests that went to a resident (completed / resolved, reported by a resident). */
  surveysSent: number;
  /** Of those, rated by the resident themselves (not a rating the desk recorded from a call). */
  surveysAnswered: number;
}

/** State of a clock for the on-time rates: met in time, late (met late or past due), pending, or stopped unmet (cancelled). */
export type ClockState = 'on_time' | 'late' | 'pending' | 'stopped';

/** Repairs' response / arrival / resolve clocks by team, person and state; minutes of met resolve clocks (pauses excluded). */
export interface RepairClockCube {
  month: string;
  team: string | null;
  assigneeId: number | null;
  clock: ClockName;
  state: ClockState;
  count: number;
  /** Sum of metAt − startedAt in minutes over the met clocks (a resume moves startedAt by the pause). */
  metMinutes: number;
  met: number;
}

/** Leave requests by the local month they start in. */
export interface LeaveCube {
  month: string;
  leaveType: string;
  status: string;
  count: number;
  days: number;
}

/** Drills (periodic safety tasks) by the local month they are due in. */
export interface DrillCube {
  month: string;
  kind: string;
  /** done_on_time | done_late | overdue (open past due) | open | replaced */
  state: 'done_on_time' | 'done_late' | 'overdue' | 'open' | 'replaced';
  count: number;
}

/** Patrol rounds by the local month of their slot. */
export interface PatrolCube {
  month: string;
  kind: string;
  status: string;
  count: number;
}

/** Filter of the ticket export (and list): createdAt in [from, to). */
export interface TicketExportFilter {
  kind?: TicketKind;
  status?: TicketStatus;
  from?: Date;
  to?: Date;
  /** Leaves out complaints naming this person (回避: the accused never lists the complaint against them). */
  notAccusedId?: number;
}

/** One clock of an exported ticket. */
export interface ExportClock {
  clock: ClockName;
  startedAt: Date;
  dueAt: Date;
  metAt: Date | null;
  active: boolean;
  pausedAt: Date | null;
}

/** The ticket's columns an export row shows. */
type ExportColumns = 'id' | 'kind' | 'status' | 'category' | 'description' | 'building' | 'unit' | 'room' | 'urgent' | 'team' | 'propertyId'
  | 'reporterId' | 'assigneeId' | 'accusedId' | 'rating' | 'createdAt' | 'completedAt' | 'closedAt';

/** One exported ticket with what its row shows. */
export interface ExportTicket extends Pick<Ticket, ExportColumns> {
  /** The first answer to a complaint (回复 or 无效). */
  firstReplyAt: Date | null;
  clocks: ExportClock[];
}

/** Where a page of tickets ends: the next page starts after it (keyset on createdAt, id). */
export interface TicketCursor {
  createdAt: Date;
  id: number;
}

export interface ReportStore {
  /** replyMinutes: the first-reply deadline (SLA_COMPLAINT_REPLY_MINUTES); now: what is past due. */
  complaints(range: MonthRange, scope: ReportScope, replyMinutes: number, now: Date): Promise<ComplaintCube[]>;
  repeatComplaints(range: MonthRange, scope: ReportScope): Promise<RepeatGroup[]>;
  repairs(range: MonthRange, scope: ReportScope): Promise<RepairCube[]>;
  repairClocks(range: MonthRange, scope: ReportScope, now: Date): Promise<RepairClockCube[]>;
  leave(range: MonthRange, scope: ReportScope): Promise<LeaveCube[]>;
  drills(range: MonthRange, scope: ReportScope, now: Date): Promise<DrillCube[]>;
  patrols(range: MonthRange, scope: ReportScope): Promise<PatrolCube[]>;
  /** One page of tickets, oldest first, after the cursor; with clocks and first reply. */
  ticketPage(filter: TicketExportFilter, scope: ReportScope, after: TicketCursor | null, limit: number): Promise<ExportTicket[]>;
  /** Newest first, the page a list shows (the bench's filtered list). */
  latestTickets(filter: TicketExportFilter, scope: ReportScope, limit: number, offset: number): Promise<ExportTicket[]>;
}
