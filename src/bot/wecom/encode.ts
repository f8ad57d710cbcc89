// OutgoingMessage → WeCom payloads (docs/wecom.md#passive-replies, #ai-bot-stream-replies, #message-send, #group-robot-webhook, #kf-send-message). Pure.
import type { OutgoingMessage } from '../message.js';
import { buildXml } from './xml.js';

/** Byte limits: text / markdown of message/send and robot text 2048, robot markdown 4096, passive reply 2048. */
export const LIMITS = { text: 2048, markdown: 2048, robotMarkdown: 4096, textcardDescription: 512 } as const;

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character. */
export function truncateBytes(s: string, max: number): string {
  if (Buffer.byteLength(s, 'utf8') <= max) return s;
  const ell = '…';
  let out = '';
  let used = Buffer.byteLength(ell);
  for (const ch of s) {
    const n = Buffer.byteLength(ch);
    if (used + n > max) break;
    out += ch;
    used += n;
  }
  return out + ell;
}

/** Plain text with the title on its own first line. */
export function plainText(msg: OutgoingMessage): string {
  return msg.title && !msg.text.startsWith(msg.title) ? `【${msg.title}】\n${msg.text}` : msg.text;
}

/** Plaintext passive text reply of the self-built app (to the member, from the corp). */
export function replyXml(toUser: string, corpId: string, createTime: number, msg: OutgoingMessage): string {
  return buildXml({ ToUserName: toUser, FromUserName: corpId, CreateTime: createTime, MsgType: 'text', Content: truncateBytes(plainText(msg), LIMITS.text) });
}

/** duplicate_check_interval (seconds) of message/send: WeCom's documented default, longer than the outbox's first retries. */
export const DUPLICATE_CHECK_SECONDS = 1800;

/**
 * message/send body: markdown when given, a textcard when a title and a link exist, text otherwise. With
 * `duplicateCheck`, WeCom drops a request whose JSON repeats one sent within DUPLICATE_CHECK_SECONDS: a retry of
 * an outbox row after a timeout (same row, same body) is not delivered twice.   docs/wecom.md#duplicate-check-on-message-send
 */
export function appMessage(touser: string, agentid: number, msg: OutgoingMessage, opts: { cardUrl?: string; duplicateCheck?: boolean } = {}): Record<string, unknown> {
  const base = { touser, agentid, ...(opts.duplicateCheck ? { enable_duplicate_check: 1, duplicate_check_interval: DUPLICATE_CHECK_SECONDS } : { enable_duplicate_check: 0 }) };
  if (msg.markdown) return { ...base, msgtype: 'markdown', markdown: { content: truncateBytes(msg.markdown, LIMITS.markdown) } };
  if (msg.title && opts.cardUrl) {
    return { ...base, msgtype: 'textcard', textcard: { title: truncateBytes(msg.title, 128), description: truncateBytes(msg.text, LIMITS.textcardDescription), url: opts.cardUrl, btntxt: '详情' } };
  }
  return { ...base, msgtype: 'text', text: { content: truncateBytes(plainText(msg), LIMITS.text) } };
}

/** Group robot webhook body: markdown (mentions as <@userid>) or text with mentioned_list. */
export function webhookMessage(msg: OutgoingMessage): Record<string, unknown> {
  const mentions = msg.mentions?.filter(Boolean) ?? [];
  if (msg.markdown) {
    const tail = mentions.length ? `\n${mentions.map((m) => (m === '@all' ? '@all' : `<@${m}>`)).join(' ')}` : '';
    return { msgtype: 'markdown', markdown: { content: truncateBytes(msg.markdown, LIMITS.robotMarkdown - Buffer.byteLength(tail)) + tail } };
  }
  return { msgtype: 'text', text: { content: truncateBytes(plainText(msg), LIMITS.text), ...(mentions.length ? { mentioned_list: mentions } : {}) } };
}

/** kf/send_msg body (text only: residents read it in personal WeChat). */
export function kfMessage(openKfid: string, externalUserId: string, msg: OutgoingMessage, msgid?: string): Record<string, unknown> {
  return { touser: externalUserId, open_kfid: openKfid, ...(msgid ? { msgid } : {}), msgtype: 'text', text: { content: truncateBytes(plainText(msg), LIMITS.text) } };
}

/** AI-bot passive stream reply (plaintext JSON before encryption). */
export function aibotStream(id: string, finish: boolean, content: string): string {
  return JSON.stringify({ msgtype: 'stream', stream: { id, finish, content: truncateBytes(content, 20480) } });
}

/** AI-bot welcome (enter_chat) reply. */
export function aibotWelcome(content: string): string {
  return JSON.stringify({ msgtype: 'text', text: { content } });
}

/** Body POSTed to an AI-bot response_url. */
export function aibotResponse(msg: OutgoingMessage): Record<string, unknown> {
  return { msgtype: 'markdown', markdown: { content: truncateBytes(msg.markdown ?? plainText(msg), 20480) } };
}

/** The markdown the AI bot shows in a stream. */
export function aibotContent(msg: OutgoingMessage): string {
  return msg.markdown ?? plainText(msg);
}
