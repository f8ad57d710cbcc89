// Replies on the AI-bot long connection (long.ts): an answer ready at once finishes the message's stream; a slow
// one first shows 正在处理 (after a moment) and finishes the same stream later; when the stream can no longer be
// used (6-minute window over, req_id rejected) the answer is pushed into the chat with aibot_send_msg.
import type { WSClient, WsFrame } from '@wecom/aibot-node-sdk';
import type { Logger } from 'pino';
import { DeliveryError } from '../channel.js';
import type { LateReplies } from '../late-replies.js';
import type { IncomingMessage, OutgoingMessage } from '../message.js';
import { STREAM_PENDING_TEXT, STREAM_WINDOW_MS } from './aibot.js';
import { aibotContent } from './encode.js';
import { describe } from './long-settings.js';

/** One received message and the stream that answers it. */
export interface StreamTurn {
  frame: WsFrame;
  msg: IncomingMessage;
  streamId: string;
  startedAt: number;
}

export interface StreamRepliesDeps {
  /** The connected, subscribed client, or undefined. */
  current(): WSClient | undefined;
  late(): LateReplies;
  logger: Logger;
  now(): number;
  pendingAfterMs: number;
}

export function createStreamReplies(deps: StreamRepliesDeps) {
  /** One stream frame on the current connection (the req_id travels with the frame, not the socket). */
  function streamFrame(frame: WsFrame, streamId: string, content: string, finish: boolean): Promise<WsFrame> {
    const client = deps.current();
    if (!client) return Promise.reject(new Error('not connected'));
    return client.replyStream(frame, streamId, content, finish);
  }

  /** The final answer: finish the stream; when that is no longer possible, push it into the chat. */
  async function deliver({ frame, streamId, msg, startedAt }: StreamTurn, m: OutgoingMessage): Promise<string> {
    const content = aibotContent(m);
    const client = deps.current();
    if (!client) throw new DeliveryError('智能机器人长连接未连接，稍后重试 WeCom AI bot not connected', 'retry', 5_000);
    if (deps.now() - startedAt < STREAM_WINDOW_MS) {
      try {
        await client.replyStream(frame, streamId, content, true);
        return 'stream';
      } catch (err) {
        deps.logger.warn({ msgId: msg.msgId, err: describe(err) }, '智能机器人流式回复失败，改为主动推送 stream reply failed, pushing instead');
      }
    }
    try {
      await client.sendMessage(msg.chat.id, { msgtype: 'markdown', markdown: { content } });
      return 'aibot_send_msg';
    } catch (err) {
      throw new DeliveryError(`智能机器人主动推送失败 WeCom AI bot push failed: ${describe(err)}`, 'retry', 5_000);
    }
  }

  /** Slow answer: show 正在处理 when it takes more than a moment, then finish the same stream. */
  function answerLater(turn: StreamTurn, later: Promise<OutgoingMessage | undefined>) {
    const { frame, streamId, msg } = turn;
    let pending: Promise<boolean> | undefined;
    const timer = setTimeout(() => {
      pending = streamFrame(frame, streamId, STREAM_PENDING_TEXT, false).then(
        () => true,
        (err) => {
          deps.logger.warn({ msgId: msg.msgId, err: describe(err) }, '智能机器人“正在处理”提示发送失败 pending stream frame failed');
          return false;
        },
      );
    }, deps.pendingAfterMs);
    timer.unref();
    const reply = later.then(
      async (m) => {
        clearTimeout(timer);
        const shown = pending ? await pending : false;
        // Nothing to say, but the user sees 正在处理: close the stream (empty, like the callback mode's refresh).
        if (!m && shown) await streamFrame(frame, streamId, '', true).catch((err) => deps.logger.warn({ msgId: msg.msgId, err: describe(err) }, '智能机器人流式消息结束失败 stream close failed'));
        return m;
      },
      (err: unknown) => {
        clearTimeout(timer);
        throw err;
      },
    );
    answer(turn, reply);
  }


  /** Sends the answer when it is ready, retried through the late replies. */
  function answer(turn: StreamTurn, reply: Promise<OutgoingMessage | undefined>) {
    deps.late().send('aibot/stream', turn.msg.msgId, reply, (m) => deliver(turn, m));
  }

  return { answer, answerLater };
}
