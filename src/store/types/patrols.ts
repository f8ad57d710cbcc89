// Patrol rounds (巡查): one row per time slot of a patrol kind.

/** open: the slot is running (or not yet closed); done: a result was recorded; missed: the slot ended without one. */
export type PatrolStatus = 'open' | 'done' | 'missed';
/** normal: nothing found (正常); finding: something to fix (发现 …, in note). */
export type PatrolResult = 'normal' | 'finding';

export interface PatrolRound {
  id: number;
  propertyId: number;
  /** A patrol kind (handlers/patrol/kinds.ts, e.g. 'fire-patrol') or a site's own patrol name. */
  kind: string;
  slotStart: Date;
  slotEnd: Date;
  status: PatrolStatus;
  result: PatrolResult | null;
  note: string | null;
  doneById: number | null;
  doneAt: Date | null;
  /** The repair a finding became (巡查 #n 转报修). */
  ticketId: number | null;
  createdAt: Date;
}

export interface PatrolSlotInput {
  kind: string;
  slotStart: Date;
  slotEnd: Date;
  createdAt: Date;
  propertyId?: number;
}

export interface PatrolStore {
  /** The round of this slot, inserted when there is none yet; `created` says which (the unique slot key decides). */
  open(input: PatrolSlotInput): Promise<{ round: PatrolRound; created: boolean }>;
  get(id: number): Promise<PatrolRound | null>;
  bySlot(kind: string, slotStart: Date, propertyId?: number): Promise<PatrolRound | null>;
  /** open → done with the result; null (nothing written) when it is no longer open. */
  complete(id: number, patch: { result: PatrolResult; note: string | null; doneById: number; doneAt: Date }): Promise<PatrolRound | null>;
  /** Open rounds whose slot ended at or before `now`, oldest first (the (status, slotEnd) index). */
  openEndedBy(now: Date): Promise<PatrolRound[]>;
  /** open → missed; false when it was no longer open. */
  markMissed(id: number): Promise<boolean>;
  /** Records the repair a finding became; false when the round already has one. */
  linkTicket(id: number, ticketId: number): Promise<boolean>;
  /** Rounds whose slot starts in [from, to), in slot order. */
  startingBetween(from: Date, to: Date): Promise<PatrolRound[]>;
}
