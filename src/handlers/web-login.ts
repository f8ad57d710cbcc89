// 登录 / 后台 (#14): a one-time link to the dashboard, sent only in a direct chat, only to verified staff.
// The store makes the secret; the handler only decides who gets one and words the reply.
import type { Handler } from './context.js';
import { say } from './outcome.js';

export const login: Handler = async (_cmd, ctx) => {
  const me = ctx.sender;
  if (me.role === 'resident') return say('值班看板仅供物业工作人员使用。如需报修、投诉或咨询，请直接发送您的问题，例如「报修 3栋2单元1502 厨房水管漏水」。');
  if (!me.verified) return say('您的身份还未核实，暂时不能登录值班看板。请联系组长发送「核实 您的编号」确认身份后再发送「登录」。');
  if (ctx.message.chat.type !== 'direct') return say('登录链接只在私聊中发送。请私聊我发送「登录」。');
  const now = ctx.clock.now();
  const minutes = ctx.config.web.loginLinkMinutes;
  const token = await ctx.stores.web.createLoginLink(me.id, now, new Date(now.getTime() + minutes * 60_000));
  const link = `${ctx.config.web.publicUrl}/dashboard/login?token=${token}`;
  return say(`值班看板登录链接（${minutes} 分钟内有效，只能使用一次，请勿转发）：\n${link}\n链接失效后重新发送「登录」即可。`);
};
