// Drills and periodic safety tasks (演练 / 定期安全任务).

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
  /** The property (项目) it belongs to. */
  propertyId: number;
  completedAt: Date | null;
  completedById: number | null;
  /** The occurrence this one follows (unique: each occurrence has at most one next). */
  previousId: number | null;
  createdAt: Date;
}

export type DrillInput = Pick<Drill, 'kind' | 'title' | 'dueAt'> &
  Partial<Pick<Drill, 'location' | 'intervalMonths' | 'intervalHours' | 'ownerId' | 'team' | 'propertyId' | 'previousId' | 'createdAt'>>;

export interface DrillStore {
  /** Inserts an open drill. */
  create(input: DrillInput): Promise<Drill>;
  get(id: number): Promise<Drill | null>;
  /** open → done with the result; null (nothing written) when it is no longer open. */
  complete(id: number, patch: { result: string; completedById: number; completedAt: Date }): Promise<Drill | null>;
  /** open → replaced; false when it was no longer open. */
  replace(id: number): Promise<boolean>;
  /** Open drills, soonest due first. */
  /** Open drills, soonest first; of these properties only when given. */
  listOpen(limit?: number, propertyIds?: readonly number[]): Promise<Drill[]>;
  /** Open drills due in (after, until], soonest first (uses the (status, dueAt) index). */
  openDueBetween(after: Date, until: Date): Promise<Drill[]>;
  /** Open occurrences of a kind, soonest first; of one property when given. */
  openOfKind(kind: string, propertyId?: number): Promise<Drill[]>;
  /** The occurrence generated from this one, if any. */
  nextOf(id: number): Promise<Drill | null>;
  byIds(ids: readonly number[]): Promise<Drill[]>;
}
