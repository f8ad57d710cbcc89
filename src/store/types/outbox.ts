// Notifications waiting to be delivered; the dedupe key (unique) makes every push exactly-once.

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

/**
 * An outbox channel paused after a configuration error, kept in the database so that every process sees it
 * (a row of the token table, key `outbox-paused:<channel>`). One pause is one episode, named by `since`.
 */
export interface ChannelPause {
  channel: string;
  since: Date;
  /** The earliest time of the next probe (one row sent to see whether the channel works again). */
  nextProbeAt: Date;
  reason: string;
  code: string | null;
}

export interface OutboxStore {
  /** Inserts rows whose dedupe key is new (created at `now`, default: the rows' first attempt); returns how many were inserted. */
  enqueue(rows: OutboxInput[], now?: Date): Promise<number>;
  /** Pending rows due at `now`, oldest first. */
  due(now: Date, limit: number): Promise<OutboxRow[]>;
  /** Pending rows in queue order (id), whatever their due time, leaving out the given channels. */
  pendingQueue(limit: number, excludeChannels: readonly string[]): Promise<OutboxRow[]>;
  /** Pending rows for one channel/recipient regardless of due time, oldest first (console inbox). */
  pendingFor(channel: string, recipient: string): Promise<OutboxRow[]>;
  /** The newest `limit` rows (pending or sent) of one channel/recipient with an id above `afterId`, oldest first. */
  recentFor(channel: string, recipient: string | null, afterId: number, limit: number): Promise<OutboxRow[]>;
  /** pending → sending until `leaseUntil`; false when another sender claimed it first. */
  claim(id: number, leaseUntil: Date): Promise<boolean>;
  /**
   * #15 PostgreSQL: claims (pending → sending until `leaseUntil`) in one statement up to `limit` due rows that head
   * their queue (no older pending or sending row for the same channel and recipient), skipping rows another process
   * is claiming (FOR UPDATE SKIP LOCKED); oldest first. Null on a database with one writer (SQLite), where the sender
   * claims row by row with claim().
   */
  claimDue(now: Date, leaseUntil: Date, limit: number, excludeChannels: readonly string[]): Promise<OutboxRow[] | null>;
  /** A claimed row this process will not send now goes back to pending, due at `at` (no attempt counted). */
  release(id: number, at: Date): Promise<void>;
  /** The channels paused now. */
  pausedChannels(): Promise<string[]>;
  /** Rows left in `sending` past their lease (the sender died) go back to pending; returns how many. */
  requeueExpired(now: Date): Promise<number>;
  markSent(id: number, at: Date): Promise<void>;
  /** Back to pending until nextAttemptAt; `countAttempt` false leaves attempts (and so the backoff) as they are. */
  markRetry(id: number, nextAttemptAt: Date, error: string, countAttempt?: boolean): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /** Cancels pending rows whose dedupe key starts with the prefix. */
  cancelPrefix(prefix: string): Promise<number>;
  /** Rows that failed for good since `since`, oldest first. */
  failedSince(since: Date): Promise<OutboxRow[]>;
  list(filter?: { status?: OutboxStatus }): Promise<OutboxRow[]>;
  /** How many rows each channel has in each of the given statuses (only non-zero pairs; for /metrics). */
  countByChannel(statuses: readonly OutboxStatus[]): Promise<Array<{ channel: string; status: OutboxStatus; count: number }>>;
  /** The channel's pause, or null when it is not paused. */
  channelPause(channel: string): Promise<ChannelPause | null>;
  /** Pauses the channel unless it is paused already (atomically, across processes); returns the pause in force and whether this call created it. */
  pauseChannel(pause: ChannelPause): Promise<{ pause: ChannelPause; created: boolean }>;
  /** Moves the next probe of a paused channel (nothing when it is not paused). */
  deferProbe(channel: string, at: Date): Promise<void>;
  /** Lifts the pause; true only for the call that lifted it. */
  resumeChannel(channel: string): Promise<boolean>;
  /** Moves the give-up time of the channel's waiting rows `ms` later (the time the channel was paused); returns how many. */
  postponeGiveUp(channel: string, ms: number): Promise<number>;
}
