// What the intake keeps of a message between its delivery and its turn (intake.ts): the message without its bulk,
// a recorded row turned back into a message, and the answer for a delivery that is recorded only.
import type { DispatchResult } from '../bot/channel.js';
import type { IncomingMessage } from '../bot/message.js';
import type { UnprocessedInbound } from '../store/index.js';

/**
 * What a queued message keeps until its turn: everything but the platform's raw payload and reply hint, which
 * processing never reads (the channel took the hint for its late reply already). Under a burst the queue holds
 * thousands of messages, and the raw payload (the whole parsed request body) is the bulkiest part of each one
 * (issue #15, RSS).
 */
export function withoutPayload(msg: IncomingMessage): IncomingMessage {
  if (msg.raw === undefined && msg.replyHint === undefined) return msg;
  const { raw: _raw, replyHint: _hint, ...kept } = msg;
  return kept;
}

/** Recorded, acknowledged, no reply now: the catch-up drain processes it and pushes the reply. */
export const RECORDED_ONLY: DispatchResult = { duplicate: false };

/** A recorded row as the message it was, for a drain (recovery, catch-up, the stale sweep). */
export const fromRow = (r: UnprocessedInbound): IncomingMessage => ({
  platform: r.platform,
  msgId: r.msgId,
  chat: { id: r.chatId ?? '', type: r.chatType === 'group' ? 'group' : 'direct' },
  sender: { id: r.senderId ?? '' },
  text: r.text ?? '',
  mentionsBot: true,
  receivedAt: r.receivedAt,
  attachments: r.attachments ? JSON.parse(r.attachments) : undefined,
});
