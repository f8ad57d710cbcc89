// Group commit for inbound deliveries: every row recorded in the same event-loop turn goes into the
// database in one INSERT, and each caller learns its id (or that it was a platform retry).
import type { InboundRecord, InboundStore } from '../store/index.js';

export interface InboundBatcher {
  record(row: InboundRecord): Promise<{ id: number; duplicate: boolean }>;
  /** Deliveries handed to `record` whose insert has not committed yet. */
  readonly inFlight: number;
  /** performance.now() of the last `record` call. */
  readonly lastRecordAt: number;
}

interface Waiting {
  row: InboundRecord;
  resolve(r: { id: number; duplicate: boolean }): void;
  reject(err: unknown): void;
}

export function createInboundBatcher(store: InboundStore, now: () => Date): InboundBatcher {
  let waiting: Waiting[] = [];
  let flushing = false;
  let inFlight = 0;
  let lastRecordAt = 0;

  async function flush() {
    flushing = true;
    while (waiting.length) {
      const batch = waiting;
      waiting = [];
      try {
        const ids = await store.recordMany(batch.map((w) => w.row), now());
        batch.forEach((w, i) => {
          const id = ids[i];
          w.resolve(id == null ? { id: 0, duplicate: true } : { id, duplicate: false });
        });
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    flushing = false;
  }

  return {
    record(row) {
      inFlight++;
      lastRecordAt = performance.now();
      return new Promise<{ id: number; duplicate: boolean }>((resolve, reject) => {
        waiting.push({ row, resolve, reject });
        if (!flushing) setImmediate(() => void flush());
        flushing = true;
      }).finally(() => inFlight--);
    },
    get inFlight() {
      return inFlight;
    },
    get lastRecordAt() {
      return lastRecordAt;
    },
  };
}
