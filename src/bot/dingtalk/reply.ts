// DingTalk late replies: through the sessionWebhook while it is valid, else the robot API (client.reply),
// with the shared retry / concurrency handling of ../late-replies.ts.
import type { Logger } from 'pino';
import { createLateReplies as createShared, LATE_REPLY_ATTEMPTS, LATE_REPLY_CONCURRENCY, LATE_REPLY_MAX_WAIT_MS } from '../late-replies.js';
import type { OutgoingMessage } from '../message.js';
import type { DingtalkClient } from './client.js';
import type { DingtalkReplyHint } from './types.js';

export { LATE_REPLY_ATTEMPTS, LATE_REPLY_CONCURRENCY, LATE_REPLY_MAX_WAIT_MS };

export interface LateReplies {
  /** Waits for `answer` and sends it (nothing when it resolves to undefined). Never throws. */
  send(hint: DingtalkReplyHint, answer: Promise<OutgoingMessage | undefined>, msgId: string): void;
  /** Resolves when every reply handed over so far has been sent or given up. */
  drain(): Promise<void>;
  /** Cancels the pending retry waits (those replies are given up, logged) and waits for the rest. */
  close(): Promise<void>;
}

export function createLateReplies(deps: { client: DingtalkClient; logger: Logger; attempts?: number; maxWaitMs?: number; concurrency?: number }): LateReplies {
  const { client, ...rest } = deps;
  const shared = createShared({ ...rest, platform: 'dingtalk' });
  return {
    send: (hint, answer, msgId) => shared.send('reply', msgId, answer, (m) => client.reply(hint, m)),
    drain: () => shared.drain(),
    close: () => shared.close(),
  };
}
