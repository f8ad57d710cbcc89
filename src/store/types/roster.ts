// Shifts and the roster (排班): who is on duty when, and the changes staff ask for (换班, 顶岗).

export interface ShiftPattern {
  /** 0: every property. */
  propertyId: number;
  /** '': every team. */
  team: string;
  name: string;
  /** Minutes from local midnight; an end at or before the start is on the next day. */
  startMinute: number;
  endMinute: number;
}

export type RosterKind = 'shift' | 'swap' | 'cover';

export interface RosterEntry {
  id: number;
  propertyId: number;
  team: string;
  personId: number;
  /** Local date of the shift's start, YYYY-MM-DD. */
  date: string;
  shift: string;
  startsAt: Date;
  endsAt: Date;
  kind: RosterKind;
  /** The person this entry stands in for (换班 / 顶岗). */
  coversPersonId: number | null;
  source: 'import' | 'chat';
  changeId: number | null;
}

export type RosterEntryInput = Omit<RosterEntry, 'id'>;

export type ShiftChangeKind = 'swap' | 'cover';
export type ShiftChangeStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

export interface ShiftChange {
  id: number;
  kind: ShiftChangeKind;
  propertyId: number;
  team: string;
  requesterId: number;
  toPersonId: number;
  date: string;
  shift: string;
  startsAt: Date;
  endsAt: Date;
  status: ShiftChangeStatus;
  approverRole: string | null;
  approverId: number | null;
  reason: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

export type ShiftChangeInput = Omit<ShiftChange, 'id' | 'approverId' | 'decidedAt'> & { inboundId: number | null };

export interface RosterQuery {
  propertyId?: number;
  team?: string;
  personId?: number;
  /** Entries of the person or standing in for them (a 换班 that takes their shift). */
  involving?: number;
}

export interface RosterStore {
  patterns(): Promise<ShiftPattern[]>;
  setPattern(p: ShiftPattern): Promise<void>;
  /**
   * Replaces the imported entries of every (property, date) present in `entries` with them, in one go: a
   * re-imported day is the file's, and entries made in chat (换班, 顶岗) stay. Returns how many were written.
   */
  replaceImported(entries: readonly RosterEntryInput[]): Promise<{ written: number; removed: number }>;
  add(entry: RosterEntryInput): Promise<RosterEntry>;
  /** Entries that overlap [from, to), oldest start first. */
  between(from: Date, to: Date, q?: RosterQuery): Promise<RosterEntry[]>;
  /** Entries that ended in [from, to) (handover watch). */
  endedBetween(from: Date, to: Date): Promise<RosterEntry[]>;
  /** Any entry at all for the property (is the roster in use there?). */
  hasAny(propertyId: number): Promise<boolean>;
  remove(id: number): Promise<void>;
  createChange(input: ShiftChangeInput): Promise<ShiftChange>;
  getChange(id: number): Promise<ShiftChange | null>;
  /** pending → status; null when it was no longer pending (someone else decided first). */
  decideChange(id: number, status: Exclude<ShiftChangeStatus, 'pending'>, by: number | null, at: Date): Promise<ShiftChange | null>;
  pendingChanges(q?: { requesterId?: number }): Promise<ShiftChange[]>;
}
