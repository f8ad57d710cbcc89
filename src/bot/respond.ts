// The one place receivers turn a dispatch result into what they answer the platform: nothing for a
// platform retry, the reply in the acknowledgement when the platform can carry it and it is ready,
// otherwise the answer sent afterwards by the receiver's own means.
import type { Dispatcher } from './channel.js';
import type { IncomingMessage, OutgoingMessage } from './message.js';

export interface Responder<R> {
  /** The reply is ready now: what to answer the platform with it. Leave out to send every reply through `later`. */
  now?(reply: OutgoingMessage): R;
  /** The reply comes later, or cannot travel in the acknowledgement: send it when it is ready. May answer something now. */
  later?(answer: Promise<OutgoingMessage | undefined>): R | void;
  /** The acknowledgement with nothing in it (also the answer to a platform retry). */
  ack(): R;
}

/** Records the message (dedupe), then answers as the responder says. Rejects when the message could not be recorded. */
export async function respond<R>(dispatcher: Dispatcher, msg: IncomingMessage, r: Responder<R>): Promise<R> {
  const result = await dispatcher.handle(msg);
  if (result.duplicate) return r.ack();
  if (result.reply && r.now) return r.now(result.reply);
  const answer = result.reply ? Promise.resolve(result.reply) : result.later;
  if (!answer || !r.later) return r.ack();
  return r.later(answer) ?? r.ack();
}
