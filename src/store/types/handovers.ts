// Shift handovers (交班 / 接班) with the work handed over.

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
  propertyId: number;
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
  propertyId: number;
  dutyLog: string;
  createdAt: Date;
  items: Array<{ ticketId: number | null; note: string }>;
}

export interface HandoverStore {
  /** Inserts a pending handover with its items. */
  create(input: HandoverInput): Promise<Handover>;
  get(id: number): Promise<Handover | null>;
  /** Pending handovers of a team (null = people without a team), oldest first; of one property when given. */
  pendingForTeam(team: string | null, propertyId?: number): Promise<Handover[]>;
  /** Has the person handed over (交班) at or after `since`? */
  handedOverSince(personId: number, since: Date): Promise<boolean>;
  /** pending → confirmed by the incoming person; null when it was already confirmed. */
  confirm(id: number, incomingId: number, at: Date): Promise<Handover | null>;
  setDue(id: number, confirmDueAt: Date): Promise<void>;
  /** Every handover still waiting for 接班, oldest first. */
  listPending(): Promise<Handover[]>;
  byIds(ids: readonly number[]): Promise<Handover[]>;
  /** Handovers created in [from, to), oldest first (the duty logs of those days). */
  createdBetween(from: Date, to: Date): Promise<Handover[]>;
}
