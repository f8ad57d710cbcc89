// Actions from the pages (派单, 回复, 关闭 …) are chat commands: the page builds the words a person would type and
// sends them through the same intake, parser, router and transaction as a chat message, as a direct message from
// the viewer. Rules, replies, pushes and the history line are those of chat, by construction.
import { randomUUID } from 'node:crypto';
import { finalReply, type Dispatcher } from '../bot/channel.js';
import type { IncomingMessage } from '../bot/message.js';
import type { TicketKind } from '../store/index.js';

/** The platform name of messages the dashboard sends on a viewer's behalf (its identity: the person number). */
export const DASHBOARD_PLATFORM = 'dashboard';
export const dashboardIdentity = (msg: IncomingMessage) => ({ personId: Number(msg.sender.id) });

export interface ActionSpec {
  verb: string;
  label: string;
  /** What the text box asks for ('' = no text). */
  arg: string;
  /** The text is required. */
  needsArg?: boolean;
}

/** The verbs a page offers per kind of ticket; whether the viewer may use them is the handlers' decision. */
export const ACTIONS: Record<TicketKind, ActionSpec[]> = {
  repair: [
    { verb: '派单', label: '派单', arg: '派给谁（姓名或编号）', needsArg: true },
    { verb: '接单', label: '接单', arg: '' },
    { verb: '到场', label: '到场', arg: '' },
    { verb: '完工', label: '完工', arg: '说明（可选）' },
    { verb: '暂停', label: '暂停计时', arg: '原因', needsArg: true },
    { verb: '恢复', label: '恢复计时', arg: '' },
    { verb: '回访', label: '回访', arg: '评分 1-5 及意见，例如 5 很满意', needsArg: true },
    { verb: '关闭', label: '关闭', arg: '说明（可选）' },
    { verb: '取消', label: '取消', arg: '原因' },
  ],
  complaint: [
    { verb: '回复', label: '回复', arg: '回复内容，可加「下次回复 明天10点」', needsArg: true },
    { verb: '处理', label: '处理中', arg: '说明（可选）' },
    { verb: '解决', label: '已解决', arg: '说明（可选）' },
    { verb: '无效', label: '无效投诉', arg: '原因', needsArg: true },
    { verb: '回访', label: '回访', arg: '评分 1-5 及意见', needsArg: true },
    { verb: '关闭', label: '关闭', arg: '说明（可选）' },
  ],
  inquiry: [
    { verb: '回复', label: '回复', arg: '回复内容', needsArg: true },
    { verb: '转报修', label: '转报修', arg: '' },
    { verb: '转投诉', label: '转投诉', arg: '' },
    { verb: '关闭', label: '关闭', arg: '说明（可选）' },
  ],
};

/** The chat words for an action on a ticket, or an error in Chinese. Newlines are folded: one command, one line. */
export function commandText(kind: TicketKind, ticketId: number, verb: string, arg: string): { text: string } | { error: string } {
  const spec = ACTIONS[kind].find((a) => a.verb === verb);
  if (!spec) return { error: `这类工单不能「${verb}」。` };
  const words = arg.replace(/\s+/g, ' ').trim().slice(0, 500);
  if (spec.needsArg && !words) return { error: `请填写${spec.arg}，例如：${spec.verb} #${ticketId} ${spec.verb === '派单' ? '张伟' : '……'}` };
  return { text: `${verb} #${ticketId}${words && spec.arg ? ` ${words}` : ''}` };
}

/** Sends the words as the person's direct message to the bot; resolves with the bot's reply. */
export async function runAsChat(dispatcher: Dispatcher, personId: number, text: string, now: Date): Promise<string> {
  const msg: IncomingMessage = {
    platform: DASHBOARD_PLATFORM,
    msgId: randomUUID(),
    chat: { id: `dashboard:${personId}`, type: 'direct' },
    sender: { id: String(personId) },
    text,
    mentionsBot: true,
    receivedAt: now,
  };
  const result = await dispatcher.handle(msg);
  if (result.duplicate) return '这条操作已经提交过了。';
  return (await finalReply(result))?.text ?? '已提交。';
}
