// What a handler returns: data only. The dispatcher writes the pushes to the outbox and sends the reply.
import type { OutgoingMessage, Recipient } from '../bot/message.js';

/** A push to someone other than the sender. dedupeKey makes it exactly-once (outbox unique key). */
export interface Notify {
  to: Recipient;
  message: OutgoingMessage;
  dedupeKey: string;
}

export interface Outcome {
  reply?: OutgoingMessage;
  notify?: Notify[];
}

export const text = (t: string): OutgoingMessage => ({ text: t });

/** A reply and nothing else. */
export const say = (t: string): Outcome => ({ reply: text(t) });

/** A push to one person. */
export const toPerson = (personId: number, t: string, dedupeKey: string): Notify => ({ to: { kind: 'person', personId }, message: text(t), dedupeKey });

/** A push to the duty group(s): never a full phone number here. */
export const toGroup = (t: string, dedupeKey: string, propertyId?: number): Notify => ({ to: { kind: 'duty-group', ...(propertyId !== undefined ? { propertyId } : {}) }, message: text(t), dedupeKey });
