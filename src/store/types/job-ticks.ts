// #15 Cron ticks claimed across instances: (job, scheduledAt) is unique, so exactly one process runs each tick.

export interface JobTickRow {
  job: string;
  scheduledAt: Date;
  claimedAt: Date;
  instance: string;
  catchUp: boolean;
}

export interface JobTickStore {
  /**
   * Claims the tick for this process: true when this call recorded it (run the job), false when another process
   * (or an earlier call) did. The unique key decides; a concurrent claim never makes two winners.
   */
  claim(tick: { job: string; scheduledAt: Date; claimedAt: Date; instance: string; catchUp?: boolean }): Promise<boolean>;
  /** Whether the job's tick at `scheduledAt` was claimed. */
  isClaimed(job: string, scheduledAt: Date): Promise<boolean>;
  /** Whether any job's tick scheduled before `at` is recorded: the scheduler was running before then. */
  anyBefore(at: Date): Promise<boolean>;
  /** Deletes the ticks scheduled before `before`; returns how many. */
  prune(before: Date): Promise<number>;
  /** The recorded ticks (of one job), oldest first (operators, tests). */
  list(job?: string): Promise<JobTickRow[]>;
}
