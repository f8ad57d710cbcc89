// Every delivery received from a platform, recorded before it is answered; (platform, msgId) dedupes retries.

export interface InboundRecord {
  platform: string;
  msgId: string;
  chatId?: string;
  chatType?: string;
  senderId?: string;
  text?: string;
  attachments?: string;
  receivedAt: Date;
}

/** A recorded delivery that was never processed (a crash between the answer and the processing). */
export interface UnprocessedInbound extends Required<Pick<InboundRecord, 'platform' | 'msgId' | 'receivedAt'>> {
  id: number;
  chatId: string | null;
  chatType: string | null;
  senderId: string | null;
  text: string | null;
  attachments: string | null;
}

export interface InboundStore {
  /**
   * Inserts the deliveries in one statement; per input row, the new id, or null when (platform, msgId) was
   * recorded before (a platform retry), including repeats within `rows`.
   */
  recordMany(rows: InboundRecord[], now: Date): Promise<Array<number | null>>;
  markProcessed(id: number, at: Date, error?: string): Promise<void>;
  /**
   * #15 Marks the row processed unless someone already has; false when another process (another instance, or a
   * recovery) got there first. Called first inside the message's transaction, so a message's effects commit exactly
   * once. On PostgreSQL a second claimer does not wait for the first one's transaction (`SKIP LOCKED`): the row is
   * taken. Should that transaction fail, its error is recorded on the row; should its instance die, the row is
   * unprocessed again and the stale sweep (INBOUND_SWEEP_SECONDS) takes it.
   */
  claim(id: number, at: Date): Promise<boolean>;
  /** Unprocessed rows with an id above `afterId` (and recorded before `recordedBefore`, when given), oldest first. */
  unprocessed(afterId: number, limit: number, recordedBefore?: Date): Promise<UnprocessedInbound[]>;
  /**
   * #15 Whether the conversation (platform, chatId) has a row recorded before `beforeId`, at or after `since`, that is
   * not processed yet (another instance has it in hand): the later one waits its turn.
   */
  earlierUnprocessed(platform: string, chatId: string, beforeId: number, since: Date): Promise<boolean>;
  /**
   * #15 Whether a drain (recovery, stale sweep) may take the row now. On PostgreSQL: it is unprocessed, no other
   * transaction has it in hand (`FOR UPDATE SKIP LOCKED`: another instance is processing it), and its conversation has
   * no earlier row unprocessed (processed or in another instance's hands first: conversation order). So instances
   * draining the same backlog take different rows instead of queueing behind each other's claims. On SQLite (one
   * writer at a time) always true, without a query: the claim in the message's transaction decides.
   */
  drainable(id: number): Promise<boolean>;
  count(): Promise<number>;
  /** Rows recorded but not processed yet (the recovery backlog). */
  countUnprocessed(): Promise<number>;
}
