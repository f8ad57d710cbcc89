// One row per running deadline clock of an item; the sweep reads only the rows whose next alert has come.

export type ItemType = 'ticket' | 'leave' | 'handover' | 'drill';
/**
 * response: first response/reply; arrival; resolve; followup (working days); approval (leave); confirm (handover 接班);
 * due (drill); page: an emergency repeated every few minutes until someone accepts it.
 */
export type ClockName = 'response' | 'arrival' | 'resolve' | 'followup' | 'approval' | 'confirm' | 'due' | 'page';

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

/** A set-based change of many clocks (the sweep): only the fields given change. */
export interface ClockUpdate {
  id: number;
  nextLevel?: number;
  nextFireAt?: Date | null;
  active?: boolean;
}

export interface SlaClockStore {
  /** Starts or restarts the clock (item, clock): resets its level, next fire time and met/paused state. */
  upsert(row: Pick<SlaClockRow, 'itemType' | 'itemId' | 'clock' | 'startedAt' | 'dueAt' | 'nextFireAt'>): Promise<SlaClockRow>;
  get(itemType: ItemType, itemId: number, clock: ClockName): Promise<SlaClockRow | null>;
  forItem(itemType: ItemType, itemId: number): Promise<SlaClockRow[]>;
  /** Stops the clock (met or no longer relevant). */
  stop(itemType: ItemType, itemId: number, clock: ClockName, at: Date, met: boolean): Promise<void>;
  update(id: number, data: Partial<Pick<SlaClockRow, 'nextLevel' | 'nextFireAt' | 'active' | 'pausedAt' | 'dueAt' | 'startedAt'>>): Promise<void>;
  /** Applies many per-row changes in a few statements. */
  updateMany(updates: ClockUpdate[], now: Date): Promise<void>;
  /**
   * Pauses every running clock of the item (active and not yet paused): sets pausedAt and clears
   * nextFireAt so the sweep no longer picks it up. Returns the clocks it paused, as they are now.
   */
  pauseAll(itemType: ItemType, itemId: number, at: Date): Promise<SlaClockRow[]>;
  /** Active clocks whose next alert is due at `now` (uses the (active, nextFireAt) index). */
  dueAt(now: Date, limit: number): Promise<SlaClockRow[]>;
  /** Clocks (any state) whose due time falls in [from, to), soonest first. */
  dueBetween(from: Date, to: Date): Promise<SlaClockRow[]>;
}
