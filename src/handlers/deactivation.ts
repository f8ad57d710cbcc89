// 停用 张伟 / 启用 12 (docs/desk-rules.md#directory): a supervisor or manager takes someone out of service (离职, 调岗) and
// back. A deactivated person's messages get a short refusal (dispatch/pipeline.ts), no push reaches them
// (outbox/route.ts), no alert ladder names them (sla/recipients.ts), and their unfinished work goes back to their lead
// (hand-back.ts). 启用 restores the account; work handed back stays where it went.
import type { PeopleStore, Person } from '../store/index.js';
import type { Handler } from './context.js';
import { itemPush } from './dedupe-keys.js';
import { handBack, type HandBack } from './hand-back.js';
import { leaveRef } from './format.js';
import { say, toPerson, type Outcome } from './outcome.js';
import { check, RANK, ROLE_ZH } from './roles.js';

/** 张伟（工程，编号 3） */
export const personRef = (p: Person): string => `${p.name}（${p.team ? `${p.team}，` : ''}编号 ${p.id}）`;

export type Lookup = { person: Person } | { error: string };

/**
 * The person a command names: a number, or a name. `state` is whom the command is for (active people for 停用,
 * deactivated ones for 启用); a name only the other state has finds that person, so the caller can say there is nothing
 * to do. A name several people share asks for the number.
 */
export async function findPerson(people: PeopleStore, ref: string, state: 'active' | 'inactive', example: (ref: string) => string): Promise<Lookup> {
  const key = ref.trim().replace(/^[#@]/, '');
  if (/^\d+$/.test(key)) {
    const p = await people.byId(Number(key));
    return p ? { person: p } : { error: `没有找到编号为 ${key} 的人员，请核对编号。` };
  }
  const inState = state === 'active' ? await people.named(key) : await people.inactiveNamed(key);
  const list = inState.length ? inState : state === 'active' ? await people.inactiveNamed(key) : await people.named(key);
  if (list.length === 1) return { person: list[0]! };
  if (list.length > 1) return { error: `名单中有 ${list.length} 位「${key}」：${list.map(personRef).join('、')}。请写人员编号，例如「${example(String(list[0]!.id))}」。` };
  return { error: `名单中没有「${key}」，请核对姓名，或写人员编号，例如「${example('12')}」。` };
}

/** A supervisor may not take a manager out of service, nor anyone themselves. */
function outranked(me: Person, p: Person): string | null {
  if (p.id === me.id) return '不能停用或启用自己的账号，请由其他主管或经理操作。';
  if (RANK[p.role] > RANK[me.role]) return `${p.name}是${ROLE_ZH[p.role]}，需由${ROLE_ZH[p.role]}操作。`;
  return null;
}

/** What the deactivation did, for whoever did it (chat reply or command line). */
export function deactivatedText(p: Person, back: HandBack, again: string): string {
  const lines = [`已停用：${personRef(p)}。本人再发消息只会收到「账号已停用」的提示，也不会再收到推送、提醒或派单。`];
  const byLead = new Map<string, string[]>();
  for (const m of back.moved) {
    const to = m.lead ? `组长${m.lead.name}` : '待重新分派（已通知主管）';
    byLead.set(to, [...(byLead.get(to) ?? []), `#${m.ticket.id}`]);
  }
  if (!back.moved.length) lines.push('名下没有未完成的工单。');
  for (const [to, refs] of byLead) lines.push(`名下未完成工单 ${refs.join(' ')} 已退回${to}${to.startsWith('组长') ? '（已通知）' : ''}，每张工单的记录里都写明了原因。`);
  if (back.leave.length) {
    lines.push(`${back.leave.map(leaveRef).join('、')} 原本只有${p.name}能审批，现在没有其他人可以审批：请假单未改动，请在人员名单中补充审批人。`);
  }
  lines.push(`如需恢复，发送「${again}」。`);
  return lines.join('\n');
}

/** The name or number after the command word. */
const refOf = (cmd: Parameters<Handler>[0]): string | undefined => cmd.ref ?? /^\S+/.exec(cmd.detail ?? '')?.[0];

/**
 * 停用 / 启用 (`word`) alike: may the sender use it, whom it names (in `state`), and may the sender act on that person.
 * Either the person, or the reply that stops the command.
 */
async function targetOf(cmd: Parameters<Handler>[0], ctx: Parameters<Handler>[1], word: '停用' | '启用', state: 'active' | 'inactive'): Promise<{ person: Person } | { stop: Outcome }> {
  const me = ctx.sender;
  const denied = check('person.deactivate', me);
  if (denied) return { stop: say(denied) };
  const ref = refOf(cmd);
  if (!ref) return { stop: say(`请写明要${word}的人员，例如「${word} 张伟」或「${word} 12」（人员编号）。`) };
  const found = await findPerson(ctx.stores.people, ref, state, (r) => `${word} ${r}`);
  if ('error' in found) return { stop: say(found.error) };
  const refused = outranked(me, found.person);
  return refused ? { stop: say(refused) } : found;
}

/** 停用 张伟 / 停用 12 — supervisors and managers. */
export const deactivate: Handler = async (cmd, ctx) => {
  const me = ctx.sender;
  const target = await targetOf(cmd, ctx, '停用', 'active');
  if ('stop' in target) return target.stop;
  const p = target.person;
  if (!p.active) return say(`${personRef(p)}已经停用，无需重复。如需恢复，发送「启用 ${p.id}」。`);
  const off = await ctx.stores.people.update(p.id, { active: false });
  const back = await handBack(ctx.stores, off, { id: me.id, name: me.name, inboundId: ctx.inboundId }, ctx.clock.now(), String(ctx.inboundId), ctx.config.leave.topApprover);
  return { reply: { text: deactivatedText(off, back, `启用 ${p.id}`) }, notify: back.notify };
};

/** 启用 张伟 / 启用 12 — supervisors and managers. */
export const activate: Handler = async (cmd, ctx): Promise<Outcome> => {
  const me = ctx.sender;
  const target = await targetOf(cmd, ctx, '启用', 'inactive');
  if ('stop' in target) return target.stop;
  const p = target.person;
  if (p.active) return say(`${personRef(p)}的账号正在使用中，无需启用。`);
  await ctx.stores.people.update(p.id, { active: true });
  const text = `您的值班台账号已由${me.name}重新启用，可以继续使用。发送「帮助」查看可用指令。`;
  return {
    reply: { text: `已启用：${personRef(p)}，本人可以重新使用值班台，也会重新收到推送和提醒。停用时退回的工单不会自动转回，如需请重新派单。` },
    notify: [toPerson(p.id, text, itemPush('person', p.id, `activated:${ctx.inboundId}`))],
  };
};
