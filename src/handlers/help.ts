import type { Handler } from './context.js';
import { addExample } from './drill/handlers.js';
import { text } from './outcome.js';

/** The staff menu; the drill example is dated a week from now, so it is never in the past. */
const staffHelp = (now: Date, offsetMinutes: number) => [
  '值班台指令（在群里 @我 或私聊发送）：',
  '报修 3栋2单元1502 厨房水管漏水 [电话] [紧急]',
  '投诉 7栋1单元803 保洁未清理楼道',
  '派单 #12 张三 ｜ 接单 #12 ｜ 到场 #12 ｜ 完工 #12 ｜ 暂停 #12 原因 ｜ 恢复 #12',
  '回复 #12 内容 下次回复 明天10点 ｜ 处理 #12 ｜ 解决 #12 ｜ 无效 #12 原因',
  '回访 #12 5 ｜ 关闭 #12 ｜ 取消 #12 ｜ 查询 #12',
  '请假 明天 事假 原因 ｜ 请假 明天下午 ｜ 请假 1.5天 明天起 ｜ 请假 今天下午3点到5点 ｜ 请病假 12月3日至5日',
  '批准 #3 ｜ 驳回 #3 原因 ｜ 撤回请假 #3 ｜ 销假 #3（病假证明：直接发照片）',
  '交班 值班情况… ｜ 接班',
  '值班日志 [昨天] ｜ 已阅 值班日志（组长签字） ｜ 抽查 值班日志 12月3日 意见 ｜ 抽查 进度（主管）',
  `${addExample(now, offsetMinutes)} ｜ 演练 完成 #5 总结… ｜ 演练 列表`,
  '巡查 完成 #8 正常 ｜ 巡查 完成 #8 发现 3号楼消防通道堵塞 ｜ 巡查 #8 转报修 ｜ 巡查 今日',
  '停用 张伟 ｜ 启用 张伟（主管、经理：同事离职或返岗）',
  '登录（私聊发送）：获取值班看板的一次性登录链接',
].join('\n');

const RESIDENT_HELP = [
  '您好，这里是物业客服中心。您可以直接描述问题，例如：',
  '「报修 7栋1单元803 厨房下水道堵了」',
  '「投诉 楼上装修太吵」',
  '「查询 #12」查看进度；完工后回复「回访 #12 5」为服务打分（1-5分）。',
].join('\n');

const UNVERIFIED_HELP = [
  '您的身份还未核实，目前可以：',
  '报修 3栋2单元1502 厨房水管漏水 ｜ 投诉 7栋1单元803 保洁未清理楼道 ｜ 查询 #12（本人提交的）',
  '请联系组长发送「核实 您的编号」确认身份后使用全部指令。',
].join('\n');

export const help: Handler = async (_cmd, ctx) => ({
  reply: text(ctx.sender.role === 'resident' ? RESIDENT_HELP : ctx.sender.verified ? staffHelp(ctx.clock.now(), ctx.config.utcOffsetMinutes) : UNVERIFIED_HELP),
});

/** Ordinary chat: silent in groups; in a direct chat, a short hint. */
export const none: Handler = async (cmd, ctx) => {
  if (ctx.message.chat.type === 'group') return {};
  if (!cmd.text.trim()) return help(cmd, ctx);
  return { reply: text(ctx.sender.role === 'resident' ? '收到。如需报修或投诉，请直接描述问题和房号；发送「帮助」查看用法。' : '没有识别到指令。发送「帮助」查看可用指令。') };
};
