// Domain records and store interfaces. No Prisma types leak past src/store/prisma.

export const ROLES = ['resident', 'staff', 'lead', 'supervisor', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export interface Person {
  id: number;
  name: string;
  role: Role;
  team: string | null;
  wecomUserId: string | null;
  dingtalkUserId: string | null;
  phone: string | null;
  active: boolean;
}

export type PersonInput = Omit<Person, 'id' | 'active'>;

export interface PeopleStore {
  byId(id: number): Promise<Person | null>;
  /** Name, WeCom user id or DingTalk user id. */
  find(ref: string): Promise<Person | null>;
  byPlatformId(platform: 'wecom' | 'dingtalk', userId: string): Promise<Person | null>;
  byRole(role: Role, team?: string | null): Promise<Person[]>;
  list(): Promise<Person[]>;
  /** Inserts or updates by platform user id (else by name), all in one transaction. */
  upsertMany(rows: PersonInput[]): Promise<{ created: number; updated: number }>;
  create(row: PersonInput): Promise<Person>;
}

export interface InboundRecord {
  platform: string;
  msgId: string;
  chatId?: string;
  chatType?: string;
  senderId?: string;
  text?: string;
  attachments?: string;
  receivedAt: Date;
}

export interface InboundStore {
  markProcessed(id: number, at: Date, error?: string): Promise<void>;
  count(): Promise<number>;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface OutboxRow {
  id: number;
  dedupeKey: string;
  channel: string;
  recipient: string;
  personId: number | null;
  title: string | null;
  text: string;
  format: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  giveUpAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
}

export interface OutboxInput {
  dedupeKey: string;
  channel: string;
  recipient: string;
  personId?: number | null;
  title?: string | null;
  text: string;
  format?: 'text' | 'markdown';
  nextAttemptAt: Date;
  giveUpAt?: Date | null;
}

export interface OutboxStore {
  /** Inserts rows whose dedupe key is new; returns how many were inserted. */
  enqueue(rows: OutboxInput[]): Promise<number>;
  /** Pending rows due at `now`, oldest first. */
  due(now: Date, limit: number): Promise<OutboxRow[]>;
  /** Pending rows for one channel/recipient regardless of due time, oldest first (console inbox). */
  pendingFor(channel: string, recipient: string): Promise<OutboxRow[]>;
  markSent(id: number, at: Date): Promise<void>;
  markRetry(id: number, nextAttemptAt: Date, error: string): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /** Cancels pending rows whose dedupe key starts with the prefix. */
  cancelPrefix(prefix: string): Promise<number>;
  list(filter?: { status?: OutboxStatus }): Promise<OutboxRow[]>;
}

export interface TokenStore {
  get(key: string): Promise<{ value: string; expiresAt: Date } | null>;
  put(key: string, value: string, expiresAt: Date): Promise<void>;
  drop(key: string): Promise<void>;
}

export interface CursorStore {
  get(key: string): Promise<string | null>;
  put(key: string, cursor: string): Promise<void>;
}

export type ItemType = 'ticket' | 'leave' | 'handover' | 'drill';
/** response: first response/reply; arrival; resolve; followup (working days); approval (leave); confirm (handover 接班); due (drill). */
export type ClockName = 'response' | 'arrival' | 'resolve' | 'followup' | 'approval' | 'confirm' | 'due';

export interface SlaClockRow {
  id: number;
  itemType: ItemType;
  itemId: number;
  clock: ClockName;
  startedAt: Date;
  dueAt: Date;
  nextLevel: number;
  nextFireAt: Date | null;
  active: boolean;
  pausedAt: Date | null;
  metAt: Date | null;
}

export interface SlaClockStore {
  /** Starts or restarts the clock (item, clock): resets its level, next fire time and met/paused state. */
  upsert(row: Pick<SlaClockRow, 'itemType' | 'itemId' | 'clock' | 'startedAt' | 'dueAt' | 'nextFireAt'>): Promise<SlaClockRow>;
  get(itemType: ItemType, itemId: number, clock: ClockName): Promise<SlaClockRow | null>;
  forItem(itemType: ItemType, itemId: number): Promise<SlaClockRow[]>;
  /** Stops the clock (met or no longer relevant). */
  stop(itemType: ItemType, itemId: number, clock: ClockName, at: Date, met: boolean): Promise<void>;
  update(id: number, data: Partial<Pick<SlaClockRow, 'nextLevel' | 'nextFireAt' | 'active' | 'pausedAt' | 'dueAt' | 'startedAt'>>): Promise<void>;
  /**
   * Pauses every running clock of the item (active and not yet paused): sets pausedAt and clears
   * nextFireAt so the sweep no longer picks it up. Returns the clocks it paused, as they are now.
   */
  pauseAll(itemType: ItemType, itemId: number, at: Date): Promise<SlaClockRow[]>;
  /** Active clocks whose next alert is due at `now` (uses the (active, nextFireAt) index). */
  dueAt(now: Date, limit: number): Promise<SlaClockRow[]>;
}

// ---- Workflows (#3): tickets (报修/投诉), leave requests (请假), handovers (交班) ----

export type TicketKind = 'repair' | 'complaint';
export const REPAIR_STATUSES = ['pending', 'dispatched', 'accepted', 'arrived', 'completed', 'followed_up', 'closed', 'cancelled'] as const;
export const COMPLAINT_STATUSES = ['received', 'replied', 'processing', 'resolved', 'followed_up', 'closed', 'invalid'] as const;
export type RepairStatus = (typeof REPAIR_STATUSES)[number];
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export type TicketStatus = RepairStatus | ComplaintStatus;
/** Statuses after which a ticket needs no more work. */
export const TICKET_FINAL_STATUSES: readonly TicketStatus[] = ['closed', 'cancelled', 'invalid'];
/** Statuses in which a ticket is still work in hand (handover blocks on urgent ones). */
export const TICKET_OPEN_STATUSES: readonly TicketStatus[] = ['pending', 'dispatched', 'accepted', 'arrived', 'received', 'replied', 'processing'];

export interface Ticket {
  id: number;
  kind: TicketKind;
  status: TicketStatus;
  description: string;
  building: string | null;
  unit: string | null;
  room: string | null;
  phone: string | null;
  urgent: boolean;
  reporterId: number | null;
  assigneeId: number | null;
  accusedId: number | null;
  team: string | null;
  sourcePlatform: string | null;
  sourceChatId: string | null;
  rating: number | null;
  nextReplyAt: Date | null;
  responseDueAt: Date | null;
  arrivalDueAt: Date | null;
  resolveDueAt: Date | null;
  followupDueAt: Date | null;
  pausedAt: Date | null;
  completedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type TicketInput = Pick<Ticket, 'kind' | 'status' | 'description'> &
  Partial<Pick<Ticket, 'building' | 'unit' | 'room' | 'phone' | 'urgent' | 'reporterId' | 'assigneeId' | 'accusedId' | 'team' | 'sourcePlatform' | 'sourceChatId'>>;

/** Fields a workflow may change besides the status. */
export type TicketPatch = Partial<
  Pick<Ticket, 'assigneeId' | 'rating' | 'nextReplyAt' | 'responseDueAt' | 'arrivalDueAt' | 'resolveDueAt' | 'followupDueAt' | 'pausedAt' | 'completedAt' | 'closedAt'>
>;

/** One line of a ticket's append-only history. */
export interface TicketEvent {
  id: number;
  ticketId: number;
  actorId: number | null;
  action: string;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  note: string | null;
  inboundId: number | null;
  createdAt: Date;
}

/** What a workflow says about a change; the store fills in ticket id and statuses. */
export interface TicketEventInput {
  actorId: number | null;
  action: string;
  note?: string | null;
  inboundId?: number | null;
  at: Date;
}

export interface TicketFilter {
  kind?: TicketKind;
  assigneeId?: number;
  reporterId?: number;
  urgent?: boolean;
}

export interface TicketStore {
  /** Inserts the ticket (its id is the number people type, #12) and its 'created' event. */
  create(input: TicketInput, event: TicketEventInput): Promise<Ticket>;
  get(id: number): Promise<Ticket | null>;
  /**
   * Moves the ticket from `from` to `to` and appends the event, in one call. Returns null (and writes
   * nothing) when the ticket is no longer in `from`: someone else changed it first.
   */
  transition(id: number, from: TicketStatus, to: TicketStatus, event: TicketEventInput, patch?: TicketPatch): Promise<Ticket | null>;
  /** Changes fields without a status change and appends the event (e.g. a reassignment at 接班). */
  amend(id: number, patch: TicketPatch, event: TicketEventInput): Promise<Ticket>;
  /** Stores due times; no event (they are derived from the events by the SLA policy). */
  setDue(id: number, patch: Pick<TicketPatch, 'responseDueAt' | 'arrivalDueAt' | 'resolveDueAt' | 'followupDueAt'>): Promise<void>;
  /** History, oldest first. Events are only ever inserted. */
  events(ticketId: number): Promise<TicketEvent[]>;
  /** Tickets still in hand (TICKET_OPEN_STATUSES), oldest first. */
  listOpen(filter?: TicketFilter): Promise<Ticket[]>;
}

export type LeaveStatus = 'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn';
export type LeaveKind = 'personal' | 'sick' | 'annual' | 'other';

export interface LeaveRequest {
  id: number;
  personId: number;
  leaveType: LeaveKind;
  /** YYYY-MM-DD, local dates, inclusive. */
  startDate: string;
  endDate: string;
  days: number;
  reason: string | null;
  status: LeaveStatus;
  /** The lowest role that may decide it (lead | supervisor | manager). */
  approverRole: Role;
  approverId: number | null;
  certificateRequired: boolean;
  decidedAt: Date | null;
  approvalDueAt: Date | null;
  inboundId: number | null;
  createdAt: Date;
}

export type LeaveInput = Pick<LeaveRequest, 'personId' | 'leaveType' | 'startDate' | 'endDate' | 'days' | 'reason' | 'approverRole' | 'certificateRequired' | 'inboundId' | 'createdAt'>;

export interface LeaveStore {
  /** Inserts a pending request. */
  create(input: LeaveInput): Promise<LeaveRequest>;
  get(id: number): Promise<LeaveRequest | null>;
  /** Conditional status change; null when the request is no longer in `from`. */
  transition(id: number, from: LeaveStatus, to: LeaveStatus, patch?: Partial<Pick<LeaveRequest, 'approverId' | 'decidedAt'>>): Promise<LeaveRequest | null>;
  setDue(id: number, approvalDueAt: Date): Promise<void>;
  listFor(personId: number, status?: LeaveStatus): Promise<LeaveRequest[]>;
}

export type HandoverStatus = 'pending' | 'confirmed';

export interface HandoverItem {
  id: number;
  handoverId: number;
  ticketId: number | null;
  note: string;
}

export interface Handover {
  id: number;
  outgoingId: number;
  incomingId: number | null;
  team: string | null;
  dutyLog: string;
  status: HandoverStatus;
  confirmDueAt: Date | null;
  confirmedAt: Date | null;
  createdAt: Date;
  items: HandoverItem[];
}

export interface HandoverInput {
  outgoingId: number;
  team: string | null;
  dutyLog: string;
  createdAt: Date;
  items: Array<{ ticketId: number | null; note: string }>;
}

export interface HandoverStore {
  /** Inserts a pending handover with its items. */
  create(input: HandoverInput): Promise<Handover>;
  get(id: number): Promise<Handover | null>;
  /** Pending handovers of a team (null = people without a team), oldest first. */
  pendingForTeam(team: string | null): Promise<Handover[]>;
  /** pending → confirmed by the incoming person; null when it was already confirmed. */
  confirm(id: number, incomingId: number, at: Date): Promise<Handover | null>;
  setDue(id: number, confirmDueAt: Date): Promise<void>;
}

// ---- Drills and periodic safety tasks (演练 / 定期安全任务, #6) ----

/** open: planned, not yet recorded; done: result recorded; replaced: superseded by a newer plan of the same kind. */
export type DrillStatus = 'open' | 'done' | 'replaced';

export interface Drill {
  id: number;
  /** A default kind (drill-defaults.ts, e.g. 'fire-drill', 'pump-test') or 'custom'. */
  kind: string;
  title: string;
  location: string | null;
  dueAt: Date;
  /** Periodic: the next occurrence is generated when this one is recorded. */
  intervalMonths: number | null;
  intervalHours: number | null;
  status: DrillStatus;
  result: string | null;
  ownerId: number | null;
  team: string | null;
  completedAt: Date | null;
  completedById: number | null;
  /** The occurrence this one follows (unique: each occurrence has at most one next). */
  previousId: number | null;
  createdAt: Date;
}

export type DrillInput = Pick<Drill, 'kind' | 'title' | 'dueAt'> &
  Partial<Pick<Drill, 'location' | 'intervalMonths' | 'intervalHours' | 'ownerId' | 'team' | 'previousId' | 'createdAt'>>;

export interface DrillStore {
  /** Inserts an open drill. */
  create(input: DrillInput): Promise<Drill>;
  get(id: number): Promise<Drill | null>;
  /** open → done with the result; null (nothing written) when it is no longer open. */
  complete(id: number, patch: { result: string; completedById: number; completedAt: Date }): Promise<Drill | null>;
  /** open → replaced; false when it was no longer open. */
  replace(id: number): Promise<boolean>;
  /** Open drills, soonest due first. */
  listOpen(limit?: number): Promise<Drill[]>;
  /** Open drills due in (after, until], soonest first (uses the (status, dueAt) index). */
  openDueBetween(after: Date, until: Date): Promise<Drill[]>;
  /** Open drills of one kind, soonest first. */
  openOfKind(kind: string): Promise<Drill[]>;
  /** The occurrence generated from this one, if any. */
  nextOf(id: number): Promise<Drill | null>;
}
