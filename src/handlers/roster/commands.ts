// 绑定 项目 阳光花园 / 值班 / 排班 本周: a group's property, who is on duty now, and the roster (docs/desk-rules.md#shifts).
import { localDate } from '../../clock.js';
import type { Property } from '../../store/index.js';
import { parseDayRange } from '../command/dates.js';
import type { Handler, HandlerContext } from '../context.js';
import { say } from '../outcome.js';
import { propertyNamed, propertyTag } from '../properties.js';
import { check } from '../roles.js';
import { rosterDays, dutyNow } from './view.js';

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const weekday = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0

/** A property named in the words (值班 阳光花园), or the message's. Null: a word looked like a property but is none. */
function propertyIn(words: string[], ctx: HandlerContext): { property: Property; rest: string[] } {
  for (const [i, w] of words.entries()) {
    const p = propertyNamed(w, ctx.place.all);
    if (p) return { property: p, rest: words.filter((_, j) => j !== i) };
  }
  return { property: ctx.place.property, rest: words };
}

const words = (s: string | undefined) => (s ?? '').replace(/[？?。！!，,]/g, ' ').split(/\s+/).filter(Boolean);

/** 值班 [项目]: who is on duty now. */
export const duty: Handler = async (cmd, ctx) => {
  const denied = check('roster.view', ctx.sender);
  if (denied) return say(denied);
  const { property } = propertyIn(words(cmd.detail), ctx);
  return say(await dutyNow(ctx.stores, property, ctx.clock.now(), ctx.config.utcOffsetMinutes, propertyTag(ctx.place.all, property.id)));
};

/** 排班 [本周|下周|今天|明天|12月3日] [组别] [项目] */
export const roster: Handler = async (cmd, ctx) => {
  const denied = check('roster.view', ctx.sender);
  if (denied) return say(denied);
  const { property, rest } = propertyIn(words(cmd.detail), ctx);
  const off = ctx.config.utcOffsetMinutes;
  const today = localDate(ctx.clock.now(), off);
  const text = rest.join(' ');
  let days: string[];
  let left = text;
  if (/下周/.test(text)) {
    const monday = addDays(today, 7 - weekday(today));
    days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
    left = text.replace(/下周/, '');
  } else if (/本周|这周|本星期/.test(text) || !text) {
    const monday = addDays(today, -weekday(today));
    days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
    left = text.replace(/本周|这周|本星期/, '');
  } else {
    const d = parseDayRange(text, ctx.clock.now(), off);
    if (!d.start) days = Array.from({ length: 7 }, (_, i) => addDays(addDays(today, -weekday(today)), i));
    else {
      days = [];
      for (let x = d.start; x <= (d.end ?? d.start) && days.length < 31; x = addDays(x, 1)) days.push(x);
    }
    left = d.rest;
  }
  const team = words(left)[0]?.replace(/组$/, '');
  return say(await rosterDays(ctx.stores, property, days, off, propertyTag(ctx.place.all, property.id), team));
};

/** 绑定 项目 阳光花园 — in a group, by a lead or above: the group's items belong to the property from now on. */
export const bind: Handler = async (cmd, ctx) => {
  const denied = check('property.bind', ctx.sender);
  if (denied) return say(denied);
  const name = (cmd.detail ?? '').replace(/^(?:项目|小区)\s*/, '').trim();
  const list = ctx.place.all.map((p) => p.name).join('、');
  if (ctx.message.chat.type !== 'group') return say('请在要绑定的群里发送「绑定 项目 项目名」，私聊不能绑定。');
  if (!name) return say(`请写明项目名，例如「绑定 项目 ${ctx.place.all[0]?.name ?? '阳光花园'}」。现有项目：${list}。`);
  const property = propertyNamed(name, ctx.place.all);
  if (!property) return say(`没有名为「${name}」的项目。现有项目：${list}。新增项目请管理员在配置 PROPERTIES 中添加，或运行 npm run cli -- properties add ${name}。`);
  const before = await ctx.stores.properties.bindingOf(ctx.message.platform, ctx.message.chat.id);
  if (before?.propertyId === property.id) return say(`本群已绑定项目「${property.name}」，无需重复绑定。`);
  await ctx.stores.properties.bind({ platform: ctx.message.platform, chatId: ctx.message.chat.id, propertyId: property.id, boundById: ctx.sender.id, boundAt: ctx.clock.now() });
  const was = before ? ctx.place.all.find((p) => p.id === before.propertyId)?.name : null;
  return say(`已将本群绑定到项目「${property.name}」${was ? `（原为「${was}」）` : ''}。此后本群的报修、投诉、交班等都归属${property.name}，群推送也发到本群。`);
};
