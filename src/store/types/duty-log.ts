// 值班日志 sign-offs: the lead's daily check and the supervisor's monthly spot check of a team's duty log for a
// local date, and the logs picked for each month's spot check. The duty log itself is the day's handovers.

export const DUTY_LOG_REVIEW_KINDS = ['daily', 'spot-check'] as const;
export type DutyLogReviewKind = (typeof DUTY_LOG_REVIEW_KINDS)[number];

/** One team's duty log of one local date (YYYY-MM-DD). team '' holds the handovers of people without a team. */
export interface DutyLogKey {
  propertyId?: number;
  team: string;
  date: string;
}

export interface DutyLogReview {
  id: number;
  propertyId: number;
  team: string;
  date: string;
  kind: DutyLogReviewKind;
  reviewerId: number;
  reviewedAt: Date;
  note: string | null;
}

export interface DutyLogReviewInput extends DutyLogKey {
  kind: DutyLogReviewKind;
  reviewerId: number;
  reviewedAt: Date;
  note?: string | null;
}

/** A log picked for the spot check of its month (YYYY-MM). */
export interface DutyLogSample {
  id: number;
  propertyId: number;
  month: string;
  team: string;
  date: string;
  createdAt: Date;
}

export interface DutyLogStore {
  /** Records the review unless the log already has one of this kind; returns the row and whether this call wrote it. */
  review(input: DutyLogReviewInput): Promise<{ review: DutyLogReview; created: boolean }>;
  reviewOf(key: DutyLogKey, kind: DutyLogReviewKind): Promise<DutyLogReview | null>;
  /** Reviews of a kind for log dates from..to (inclusive, YYYY-MM-DD), oldest log first. */
  reviewsBetween(kind: DutyLogReviewKind, from: string, to: string, propertyId?: number): Promise<DutyLogReview[]>;
  /** Records the picks of a month; picks already recorded are kept as they are. Returns the month's whole sample. */
  saveSample(month: string, picks: ReadonlyArray<{ team: string; date: string }>, at: Date, propertyId?: number): Promise<DutyLogSample[]>;
  /** The logs picked for a month, by date then team. */
  sample(month: string, propertyId?: number): Promise<DutyLogSample[]>;
}
