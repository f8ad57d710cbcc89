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
  recentFor(channel: string, recipient: string, afterId: number, limit: number): Promise<OutboxRow[]>;
  /** pending → sending until `leaseUntil`; false when another sender claimed it first. */
  claim(id: number, leaseUntil: Date): Promise<boolean>;
  /** Rows left in `sending` past their lease (the sender died) go back to pending; returns how many. */
  requeueExpired(now: Date): Promise<number>;
  markSent(id: number, at: Date): Promise<void>;
  markRetry(id: number, nextAttemptAt: Date, error: string): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /** Cancels pending rows whose dedupe key starts with the prefix. */
  cancelPrefix(prefix: string): Promise<number>;
  /** Rows that failed for good since `since`, oldest first. */
  failedSince(since: Date): Promise<OutboxRow[]>;
  list(filter?: { status?: OutboxStatus }): Promise<OutboxRow[]>;
}
