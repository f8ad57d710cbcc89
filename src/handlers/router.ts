// intent → handler. The single registry of what the bot can do.
import type { Command, Intent } from './command/command.js';
import { complaint, invalid, processing, reply, resolve } from './complaint/handlers.js';
import type { Handler, HandlerContext } from './context.js';
import { appoint, categorize, typo } from './desk.js';
import { verify } from './directory.js';
import { convert, inquiry, inquiryReply } from './inquiry/handlers.js';
import { drill } from './drill/handlers.js';
import { patrol } from './patrol/handlers.js';
import { dutyLog, dutyLogSign, spotCheck } from './duty-log/handlers.js';
import { activate, deactivate } from './deactivation.js';
import { handover, takeover } from './handover/handlers.js';
import { help, none } from './help.js';
import { approve, leave, reject, returnLeave, withdrawLeave } from './leave/handlers.js';
import { concernsMedia, routeMedia } from './media/attach.js';
import { say, type Outcome } from './outcome.js';
import { close, followup } from './follow-up.js';
import { accept, arrive, complete, dispatch, repairCancel } from './repair/handlers.js';
import { repair } from './repair/report.js';
import { pause, resume } from './repair/pause.js';
import { status } from './status.js';
import { cover, decideSwap, swap } from './roster/changes.js';
import { bind, duty, roster } from './roster/commands.js';
import { loadTicket } from './ticket.js';
import { login } from './web-login.js';

/** 批准 换班#3 / 驳回 换班#3 / 撤回 换班#3: a shift swap, numbered apart from leave requests and tickets. */
const isSwap = (cmd: Command) => !!cmd.ref && /^(?:换班|调班)/.test(cmd.detail ?? '');
const orSwap =
  (run: Handler, decision: 'approved' | 'rejected'): Handler =>
  (cmd, ctx) =>
    isSwap(cmd) ? decideSwap(cmd, ctx, decision) : run(cmd, ctx);

/** 回访 / 关闭: the same words for every kind of ticket. */
const onAnyTicket =
  (run: typeof followup): Handler =>
  async (cmd, ctx) => {
    const found = await loadTicket(cmd, ctx);
    return 'outcome' in found ? found.outcome : run(found.ticket, cmd, ctx);
  };

/** 取消 #n: a repair, or the sender's own pending leave request (numbered separately: 取消请假 #3 says which). */
const cancel: Handler = async (cmd, ctx) => {
  if (isSwap(cmd)) return decideSwap(cmd, ctx, 'withdrawn');
  if (cmd.ref && /请假/.test(cmd.text)) {
    const l = await ctx.stores.leave.get(Number(cmd.ref));
    return l ? withdrawLeave(l, cmd, ctx) : say(`没有找到请假#${cmd.ref}，请核对单号。`);
  }
  if (cmd.ref && !/报修|工单|投诉/.test(cmd.text)) {
    const l = await ctx.stores.leave.get(Number(cmd.ref));
    const t = await ctx.stores.tickets.get(Number(cmd.ref));
    const ownLeave = l?.personId === ctx.sender.id && l.status === 'pending';
    const ownTicket = t?.reporterId === ctx.sender.id;
    if (ownLeave && ownTicket) return say(`#${cmd.ref} 既是您的请假单也是您的报修单，请发送「撤回请假 #${cmd.ref}」或「取消报修 #${cmd.ref}」。`);
    if (ownLeave) return withdrawLeave(l, cmd, ctx);
  }
  const found = await loadTicket(cmd, ctx);
  if ('outcome' in found) return found.outcome;
  if (found.ticket.kind === 'complaint') return say(`投诉不能取消。如属无效投诉，请由客服组长或主管发送「无效 #${found.ticket.id} 原因」。`);
  return repairCancel(found.ticket, cmd, ctx);
};

const handlers: Partial<Record<Intent, Handler>> = {
  help,
  none,
  repair,
  dispatch,
  accept,
  arrive,
  complete,
  complaint,
  reply: async (cmd, ctx) => {
    // 回复 answers a complaint or an enquiry.
    const found = await loadTicket(cmd, ctx);
    if ('outcome' in found) return found.outcome;
    if (found.ticket.kind === 'inquiry') return inquiryReply(found.ticket, cmd, ctx);
    if (found.ticket.kind === 'repair') return say(`#${found.ticket.id} 是报修单，「回复」用于投诉和咨询。报修进度请发送「查询 #${found.ticket.id}」。`);
    return reply(cmd, ctx);
  },
  process: processing,
  resolve,
  invalid,
  followup: onAnyTicket(followup),
  close: onAnyTicket(close),
  cancel,
  status,
  leave,
  approve: orSwap(approve, 'approved'),
  reject: orSwap(reject, 'rejected'),
  return: returnLeave,
  handover,
  takeover,
  drill,
  patrol,
  pause,
  resume,
  verify,
  inquiry,
  categorize,
  convert,
  appoint,
  typo,
  bind,
  duty,
  roster,
  swap,
  cover,
  dutyLog,
  dutyLogSign,
  spotCheck,
  deactivate,
  activate,
  login,
};

export function route(cmd: Command, ctx: HandlerContext): Promise<Outcome> {
  // Photos and voice go onto a ticket (media/attach.ts); a command that comes with them still runs.
  if (concernsMedia(cmd, ctx.message)) return routeMedia(cmd, ctx, routeCommand);
  return routeCommand(cmd, ctx);
}

function routeCommand(cmd: Command, ctx: HandlerContext): Promise<Outcome> {
  const h = handlers[cmd.intent];
  if (h) return h(cmd, ctx);
  return Promise.resolve({ reply: { text: '该指令暂未开放。发送「帮助」查看可用指令。' } });
}
