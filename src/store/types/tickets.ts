// Tickets: repairs (报修) and complaints (投诉), with their append-only history.

export type TicketKind = 'repair' | 'complaint' | 'inquiry';
export const REPAIR_STATUSES = ['pending', 'dispatched', 'accepted', 'arrived', 'completed', 'followed_up', 'closed', 'cancelled'] as const;
export const COMPLAINT_STATUSES = ['received', 'replied', 'processing', 'resolved', 'followed_up', 'closed', 'invalid'] as const;
/** 咨询: a resident's message the desk answers (or turns into a repair or complaint). */
export const INQUIRY_STATUSES = ['received', 'replied', 'closed'] as const;
export type RepairStatus = (typeof REPAIR_STATUSES)[number];
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];
export type TicketStatus = RepairStatus | ComplaintStatus | InquiryStatus;
/** Statuses after which a ticket needs no more work. */
export const TICKET_FINAL_STATUSES: readonly TicketStatus[] = ['closed', 'cancelled', 'invalid'];
/** Statuses in which a ticket is still work in hand (handover blocks on urgent ones). */
export const TICKET_OPEN_STATUSES: readonly TicketStatus[] = ['pending', 'dispatched', 'accepted', 'arrived', 'received', 'replied', 'processing'];

export interface Ticket {
  id: number;
  kind: TicketKind;
  status: TicketStatus;
  /** One of handlers/categories.ts; null for tickets from before categories. */
  category: string | null;
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
  /** The property (项目) it belongs to. */
  propertyId: number;
  sourcePlatform: string | null;
  sourceChatId: string | null;
  rating: number | null;
  nextReplyAt: Date | null;
  /** The visit agreed with the resident (约定). */
  appointmentAt: Date | null;
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
  Partial<Pick<Ticket, 'category' | 'building' | 'unit' | 'room' | 'phone' | 'urgent' | 'reporterId' | 'assigneeId' | 'accusedId' | 'team' | 'propertyId' | 'sourcePlatform' | 'sourceChatId'>>;

/** Fields a workflow may change besides the status. */
export type TicketPatch = Partial<
  Pick<
    Ticket,
    'kind' | 'category' | 'team' | 'assigneeId' | 'rating' | 'nextReplyAt' | 'appointmentAt' | 'responseDueAt' | 'arrivalDueAt' | 'resolveDueAt' | 'followupDueAt' | 'pausedAt' | 'completedAt' | 'closedAt'
  >
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
  /** Tickets not yet final (TICKET_FINAL_STATUSES excluded), urgent first, then oldest first. */
  listUnfinished(): Promise<Ticket[]>;
  byIds(ids: readonly number[]): Promise<Ticket[]>;
}
