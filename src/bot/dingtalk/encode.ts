// Pure: OutgoingMessage → DingTalk bodies.
// Robot OpenAPI (batchSend / groupMessages): msgKey + msgParam (a JSON *string*).      docs/dingtalk.md#msgkey-and-msgparam
// Custom robot webhook, sessionWebhook and the synchronous HTTP answer: msgtype bodies. docs/dingtalk.md#synchronous-answer
import type { OutgoingMessage } from '../message.js';
import type { DingtalkAt, DingtalkTemplateBody, DingtalkWebhookBody } from './types.js';

/** Title shown in the chat list for markdown messages: explicit title or the first line, at most 20 chars. */
export function titleOf(msg: OutgoingMessage): string {
  const first = (msg.title ?? msg.text).split('\n').find((l) => l.trim()) ?? '';
  const plain = first.replace(/^[#>*\-\s]+/, '').trim();
  return [...plain].slice(0, 20).join('') || '通知';
}

/** Template body for the robot OpenAPI; no @ support there. */
export function toTemplate(msg: OutgoingMessage): DingtalkTemplateBody {
  if (msg.markdown) return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: titleOf(msg), text: msg.markdown }) };
  return { msgKey: 'sampleText', msgParam: JSON.stringify({ content: msg.text }) };
}

const MOBILE = /^(?:\+?86)?1[3-9]\d{9}$/;

/** Splits mentions into mobiles and userIds. */
export function atOf(mentions: readonly string[] | undefined): DingtalkAt | undefined {
  const ids = [...new Set((mentions ?? []).map((m) => m.trim()).filter(Boolean))];
  if (!ids.length) return undefined;
  const atMobiles = ids.filter((m) => MOBILE.test(m));
  const atUserIds = ids.filter((m) => !MOBILE.test(m));
  return { atUserIds, atMobiles, isAtAll: false };
}

/** An @ only renders when `@id` also appears in the text: append the missing ones. */
function withMentions(text: string, at: DingtalkAt | undefined): string {
  if (!at) return text;
  const missing = [...(at.atUserIds ?? []), ...(at.atMobiles ?? [])].filter((id) => !text.includes(`@${id}`));
  return missing.length ? `${text}\n${missing.map((id) => `@${id}`).join(' ')}` : text;
}

/** Body for the custom group robot, sessionWebhook and the synchronous answer (text / markdown with @). */
export function toWebhook(msg: OutgoingMessage): DingtalkWebhookBody {
  const at = atOf(msg.mentions);
  if (msg.markdown) {
    return { msgtype: 'markdown', markdown: { title: titleOf(msg), text: withMentions(msg.markdown, at) }, ...(at ? { at } : {}) };
  }
  return { msgtype: 'text', text: { content: withMentions(msg.text, at) }, ...(at ? { at } : {}) };
}

/** The synchronous "nothing to say" answer. */
export const EMPTY_ANSWER: DingtalkWebhookBody = { msgtype: 'empty' };

/** `msgUuid`: the idempotency key of an outbox row, the same on every attempt (docs/dingtalk.md#idempotency-msguuid). */
const uuid = (msgUuid: string | undefined) => (msgUuid !== undefined ? { msgUuid } : {});

/** batchSend body (one-to-one): at most 20 userIds per call. */
export function toBatchSend(robotCode: string, userIds: string[], msg: OutgoingMessage, msgUuid?: string) {
  return { robotCode, userIds, ...toTemplate(msg), ...uuid(msgUuid) };
}

/** groupMessages/send body. */
export function toGroupSend(robotCode: string, openConversationId: string, msg: OutgoingMessage, msgUuid?: string) {
  return { robotCode, openConversationId, ...toTemplate(msg), ...uuid(msgUuid) };
}

/** Custom group robot body: the webhook body plus the row's msgUuid. */
export function toCustomRobot(msg: OutgoingMessage, msgUuid?: string): DingtalkWebhookBody & { msgUuid?: string } {
  return { ...toWebhook(msg), ...uuid(msgUuid) };
}
