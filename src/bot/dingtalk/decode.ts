// Pure: raw robot payload → IncomingMessage. No I/O; media stays a downloadCode (fetched lazily elsewhere).
import type { Attachment, IncomingMessage } from '../message.js';
import type { DingtalkReplyHint, DingtalkRobotMessage } from './types.js';

export interface DecodeOptions {
  /** Our receipt time (injected clock); falls back to the payload's createAt. */
  now?: Date;
  /** The bot's display name(s): a leftover `@名字` of the bot is removed (DingTalk usually strips it already). */
  botNames?: string[];
}

const SUPPORTED = new Set(['text', 'richText', 'picture', 'audio', 'video', 'file']);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when the body has the fields every robot message carries (else the request is malformed). */
export function isRobotPayload(body: unknown): body is DingtalkRobotMessage {
  return (
    isObj(body) &&
    nonEmpty(body.msgtype) &&
    nonEmpty(body.msgId) &&
    nonEmpty(body.conversationId) &&
    (body.conversationType === '1' || body.conversationType === '2') &&
    (nonEmpty(body.senderStaffId) || nonEmpty(body.senderId))
  );
}

function stripBot(text: string, botNames: string[]): string {
  let out = text;
  for (const name of botNames) {
    if (!name) continue;
    // "@值班台" followed by a space / end / punctuation; other people's @nick stays.
    out = out.replace(new RegExp(`@${escapeRe(name)}(?:[\\s\\u2005]+|$|(?=[，,：:]))`, 'g'), ' ');
  }
  return out.trim();
}

function content(body: Record<string, unknown>): Record<string, unknown> {
  return isObj(body.content) ? body.content : {};
}

/** Text and attachments of each supported msgtype. */
function bodyOf(body: DingtalkRobotMessage): { text: string; attachments: Attachment[] } | null {
  const raw = body as unknown as Record<string, unknown>;
  const c = content(raw);
  switch (body.msgtype) {
    case 'text': {
      const t = isObj(raw.text) ? raw.text.content : undefined;
      return typeof t === 'string' ? { text: t, attachments: [] } : null;
    }
    case 'richText': {
      const parts = Array.isArray(c.richText) ? c.richText : null;
      if (!parts) return null;
      const texts: string[] = [];
      const attachments: Attachment[] = [];
      for (const p of parts) {
        if (!isObj(p)) continue;
        if (typeof p.text === 'string' && (p.type === undefined || p.type === 'text')) texts.push(p.text);
        else if (p.type === 'picture' && nonEmpty(p.downloadCode)) attachments.push({ kind: 'image', ref: p.downloadCode });
      }
      return { text: texts.map((t) => t.trim()).filter(Boolean).join('\n'), attachments };
    }
    case 'picture':
      return nonEmpty(c.downloadCode) ? { text: '', attachments: [{ kind: 'image', ref: c.downloadCode }] } : null;
    case 'audio':
      return nonEmpty(c.downloadCode)
        ? { text: typeof c.recognition === 'string' ? c.recognition : '', attachments: [{ kind: 'voice', ref: c.downloadCode }] }
        : null;
    case 'video':
      return nonEmpty(c.downloadCode) ? { text: '', attachments: [{ kind: 'video', ref: c.downloadCode }] } : null;
    case 'file':
      return nonEmpty(c.downloadCode)
        ? { text: '', attachments: [{ kind: 'file', ref: c.downloadCode, ...(nonEmpty(c.fileName) ? { note: c.fileName } : {}) }] }
        : null;
    default:
      return null;
  }
}

/**
 * Maps a robot message to the core type; null when the body is not a robot message
 * or its msgtype is not one we handle (markdown, interactive cards …).
 */
export function decode(body: unknown, opts: DecodeOptions = {}): IncomingMessage | null {
  if (!isRobotPayload(body) || !SUPPORTED.has(body.msgtype)) return null;
  const parts = bodyOf(body);
  if (!parts) return null;
  const group = body.conversationType === '2';
  const staffId = nonEmpty(body.senderStaffId) ? body.senderStaffId : undefined;
  const createAt = Number(body.createAt);
  const receivedAt = opts.now ?? (Number.isFinite(createAt) && createAt > 0 ? new Date(createAt) : new Date(0));
  const expires = Number(body.sessionWebhookExpiredTime);
  const replyHint: DingtalkReplyHint = {
    conversationType: group ? '2' : '1',
    conversationId: body.conversationId,
    ...(nonEmpty(body.sessionWebhook) ? { sessionWebhook: body.sessionWebhook } : {}),
    ...(Number.isFinite(expires) && expires > 0 ? { sessionWebhookExpiredTime: expires } : {}),
    ...(nonEmpty(body.robotCode) ? { robotCode: body.robotCode } : {}),
    ...(staffId ? { senderStaffId: staffId } : {}),
  };
  const msg: IncomingMessage = {
    platform: 'dingtalk',
    msgId: body.msgId,
    chat: { id: body.conversationId, type: group ? 'group' : 'direct' },
    sender: { id: staffId ?? body.senderId, ...(nonEmpty(body.senderNick) ? { name: body.senderNick } : {}) },
    text: stripBot(parts.text, opts.botNames ?? []),
    mentionsBot: group ? body.isInAtList !== false : true,
    receivedAt,
    replyHint: replyHint as unknown as Record<string, unknown>,
    raw: body,
  };
  if (parts.attachments.length) msg.attachments = parts.attachments;
  return msg;
}

/** Reads back the hint decode stored (null when the message did not come from this adapter). */
export function replyHintOf(msg: IncomingMessage): DingtalkReplyHint | null {
  const h = msg.replyHint;
  if (msg.platform !== 'dingtalk' || !h || !nonEmpty(h.conversationId)) return null;
  return h as unknown as DingtalkReplyHint;
}
