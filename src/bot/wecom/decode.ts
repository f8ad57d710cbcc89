// Platform payloads → IncomingMessage. Pure: no I/O, `now` passed in.
//   self-built app XML (docs/wecom.md#self-built-app-messages), AI-bot JSON (#ai-bot-callback), kf/sync_msg items (#kf-sync-and-cursor)
import type { Attachment, IncomingMessage } from '../message.js';
import type { AibotPayload, AppXml, KfMessage, WecomReplyHint } from './types.js';

export type AppDecoded =
  | { kind: 'message'; msg: IncomingMessage }
  | { kind: 'kf'; token: string; openKfid: string }
  | { kind: 'ignored'; reason: string };

/** Events that open a conversation: answered with the help text. */
const GREETING_EVENTS = new Set(['enter_agent', 'subscribe']);

function secondsToDate(v: string | number | undefined, now: Date): Date {
  const n = typeof v === 'number' ? v : v && /^\d{1,12}$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000) : now;
}

/** Dedupe key of a self-built app callback: MsgId, else FromUserName:CreateTime:Event for events. */
export function appMsgId(x: AppXml): string | undefined {
  if (x.MsgId) return x.MsgId;
  if (x.MsgType === 'event' && x.FromUserName && x.CreateTime && x.Event) return `${x.FromUserName}:${x.CreateTime}:${x.Event}`;
  return undefined;
}

export function decodeApp(x: AppXml, opts: { now: Date }): AppDecoded {
  const from = x.FromUserName;
  const type = x.MsgType;
  if (!type) return { kind: 'ignored', reason: 'no MsgType' };
  if (type === 'event' && x.Event === 'kf_msg_or_event') {
    if (!x.Token || !x.OpenKfId) return { kind: 'ignored', reason: 'kf event without Token/OpenKfId' };
    return { kind: 'kf', token: x.Token, openKfid: x.OpenKfId };
  }
  if (!from) return { kind: 'ignored', reason: 'no FromUserName' };
  const msgId = appMsgId(x);
  if (!msgId) return { kind: 'ignored', reason: 'no MsgId' };
  let text = '';
  const attachments: Attachment[] = [];
  switch (type) {
    case 'text':
      text = x.Content ?? '';
      break;
    case 'image':
      attachments.push({ kind: 'image', ref: x.MediaId, ...(x.PicUrl ? { note: x.PicUrl } : {}) });
      break;
    case 'voice':
      attachments.push({ kind: 'voice', ref: x.MediaId, ...(x.Recognition ? { note: x.Recognition } : {}) });
      // speech-to-text, when the app has it enabled, is the message text
      text = x.Recognition ?? '';
      break;
    case 'video':
      attachments.push({ kind: 'video', ref: x.MediaId });
      break;
    case 'location': {
      const where = [x.Label, x.Location_X && x.Location_Y ? `(${x.Location_X},${x.Location_Y})` : ''].filter(Boolean).join(' ');
      attachments.push({ kind: 'location', note: where || undefined, ref: x.Location_X && x.Location_Y ? `${x.Location_X},${x.Location_Y}` : undefined });
      break;
    }
    case 'link':
      attachments.push({ kind: 'link', ref: x.Url, note: x.Title });
      break;
    case 'event':
      if (!x.Event || !GREETING_EVENTS.has(x.Event)) return { kind: 'ignored', reason: `event ${x.Event ?? '?'}` };
      text = '帮助';
      break;
    default:
      return { kind: 'ignored', reason: `msgtype ${type}` };
  }
  const hint: WecomReplyHint = { kind: 'app', userId: from };
  const msg: IncomingMessage = {
    platform: 'wecom',
    msgId,
    chat: { id: from, type: 'direct' },
    sender: { id: from },
    text: text.trim(),
    mentionsBot: true,
    receivedAt: secondsToDate(x.CreateTime, opts.now),
    ...(attachments.length ? { attachments } : {}),
    replyHint: { ...hint, agentId: x.AgentID, ...(x.Event ? { event: x.Event } : {}) },
  };
  return { kind: 'message', msg };
}

export type AibotDecoded =
  | { kind: 'message'; msg: IncomingMessage; responseUrl?: string }
  | { kind: 'stream'; id: string }
  | { kind: 'enter_chat'; userId: string }
  | { kind: 'ignored'; reason: string };

/** Removes the bot's own @mention (its name, or in a group the leading @token WeCom puts first). */
export function stripMention(content: string, botName: string, group: boolean): { text: string; mentioned: boolean } {
  let t = content.trim();
  const own = `@${botName}`;
  if (botName && t.startsWith(own)) return { text: t.slice(own.length).trim(), mentioned: true };
  if (group) {
    const m = /^@\S+\s*/.exec(t);
    if (m) t = t.slice(m[0].length);
    return { text: t.trim(), mentioned: true };
  }
  return { text: t, mentioned: false };
}

export function decodeAibot(p: AibotPayload, opts: { now: Date; botName: string }): AibotDecoded {
  const type = p.msgtype;
  if (type === 'stream') return typeof p.stream?.id === 'string' && p.stream.id ? { kind: 'stream', id: p.stream.id } : { kind: 'ignored', reason: 'stream without id' };
  const userId = p.from?.userid;
  if (type === 'event') {
    if (p.event?.eventtype === 'enter_chat' && userId) return { kind: 'enter_chat', userId };
    return { kind: 'ignored', reason: `event ${String(p.event?.eventtype ?? '?')}` };
  }
  if (!p.msgid || !userId) return { kind: 'ignored', reason: 'no msgid/from' };
  const group = p.chattype === 'group';
  let content = '';
  const attachments: Attachment[] = [];
  switch (type) {
    case 'text':
      content = p.text?.content ?? '';
      break;
    case 'voice':
      content = p.voice?.content ?? '';
      attachments.push({ kind: 'voice', note: p.voice?.content });
      break;
    case 'image':
      attachments.push({ kind: 'image', ref: p.image?.url });
      break;
    case 'file':
      attachments.push({ kind: 'file', ref: p.file?.url });
      break;
    case 'mixed':
      for (const item of p.mixed?.msg_item ?? []) {
        if (item.msgtype === 'text' && item.text?.content) content += (content ? ' ' : '') + item.text.content;
        if (item.msgtype === 'image') attachments.push({ kind: 'image', ref: item.image?.url });
      }
      break;
    default:
      return { kind: 'ignored', reason: `msgtype ${type ?? '?'}` };
  }
  const { text } = stripMention(content, opts.botName, group);
  const hint: WecomReplyHint = { kind: 'aibot', userId, responseUrl: p.response_url, chatId: p.chatid };
  const msg: IncomingMessage = {
    platform: 'wecom-aibot',
    msgId: p.msgid,
    chat: { id: group ? (p.chatid ?? userId) : userId, type: group ? 'group' : 'direct' },
    sender: { id: userId },
    text,
    // Groups deliver to the bot only when it is @-mentioned; single chats always address it.
    mentionsBot: true,
    receivedAt: p.create_time ? secondsToDate(p.create_time, opts.now) : opts.now,
    ...(attachments.length ? { attachments } : {}),
    replyHint: hint,
  };
  return { kind: 'message', msg, responseUrl: p.response_url };
}

/** One kf/sync_msg item: only customer-origin (origin 3) text, images and voice become a message (media by media_id). */
export function decodeKf(m: KfMessage, opts: { now: Date }): IncomingMessage | null {
  if (m.origin !== 3 || !m.msgid || !m.open_kfid || !m.external_userid) return null;
  const mediaId = m.msgtype === 'image' ? m.image?.media_id : m.msgtype === 'voice' ? m.voice?.media_id : undefined;
  if (m.msgtype !== 'text' && !mediaId) return null;
  const hint: WecomReplyHint = { kind: 'kf', openKfid: m.open_kfid, externalUserId: m.external_userid };
  return {
    platform: 'wecom-kf',
    msgId: m.msgid,
    chat: { id: `${m.open_kfid}:${m.external_userid}`, type: 'direct' },
    sender: { id: m.external_userid },
    text: m.msgtype === 'text' ? (m.text?.content ?? '').trim() : '',
    mentionsBot: true,
    receivedAt: m.send_time ? secondsToDate(m.send_time, opts.now) : opts.now,
    ...(mediaId ? { attachments: [{ kind: m.msgtype as 'image' | 'voice', ref: mediaId }] } : {}),
    replyHint: hint,
  };
}
