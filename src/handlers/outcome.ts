import type { OutgoingMessage, Recipient } from '../bot/message.js';

/** A push to someone other than the sender. dedupeKey makes it exactly-once (outbox unique key). */
export interface Notify {
  to: Recipient;
  message: OutgoingMessage;
  dedupeKey: string;
}

/** What a handler returns: data only. dispatch.ts performs the sends. */
export interface Outcome {
  reply?: OutgoingMessage;
  notify?: Notify[];
}

export const text = (t: string): OutgoingMessage => ({ text: t });
