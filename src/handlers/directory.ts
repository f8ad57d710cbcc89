// The directory from the chat: strangers who wrote to the bot wait as unverified until a lead confirms them
// (核实 12 [组别]); the leads and supervisors hear about each new stranger once.
import type { PeopleStore, Person } from '../store/index.js';
import type { Handler } from './context.js';
import { itemPush } from './dedupe-keys.js';
import { say, toPerson, type Notify, type Outcome } from './outcome.js';
import { check, RANK } from './roles.js';

/** The reply addition and the pushes when an unknown sender was just registered as unverified. */
export async function registrationNotice(outcome: Outcome, me: Person, people: PeopleStore): Promise<Outcome> {
  const note = `（您还不在值班台的人员名单中，已登记为待核实人员，编号 ${me.id}。核实前只能报修和投诉；请联系组长发送「核实 ${me.id}」确认您的身份。）`;
  const text = `【新成员待核实】「${me.name}」首次给值班台发消息，已登记为待核实人员（编号 ${me.id}）：可以报修、投诉，不能查看他人信息，也不能处理工单。确认是本单位员工后请发送「核实 ${me.id}」（组长核实后归入本组；主管、经理可写明组别，例如「核实 ${me.id} 工程」）。`;
  const deciders = [...(await people.byRole('lead')), ...(await people.byRole('supervisor'))].filter((p) => p.verified);
  const notify: Notify[] = deciders.map((p) => toPerson(p.id, text, itemPush('person', me.id, 'unverified', p.id)));
  return {
    reply: outcome.reply ? { ...outcome.reply, text: `${outcome.reply.text}\n${note}` } : { text: note },
    notify: [...(outcome.notify ?? []), ...notify],
  };
}

/** The name without the 待核实 tag, when no verified person has it yet. */
async function verifiedName(people: PeopleStore, p: Person): Promise<string> {
  const base = p.name.replace(/（待核实\d*）$/, '');
  if (base === p.name) return p.name;
  const taken = (await people.named(base)).some((o) => o.id !== p.id && o.verified);
  return taken ? `${base}${p.id}` : base;
}

/** 核实 12 [工程] — a lead confirms into their own team; a supervisor or manager may name the team. */
export const verify: Handler = async (cmd, ctx) => {
  const me = ctx.sender;
  const denied = check('person.verify', me);
  if (denied) return say(denied);
  if (!cmd.ref) return say('请写明待核实人员的编号，例如「核实 12」或「核实 12 工程」。编号见「新成员待核实」提醒。');
  const people = ctx.stores.people;
  const p = await people.byId(Number(cmd.ref));
  if (!p) return say(`没有找到编号为 ${cmd.ref} 的人员，请核对编号。`);
  if (p.verified) return say(`${p.name} 已在人员名单中，无需核实。`);
  const team = me.role === 'lead' ? me.team : cmd.detail?.trim() || p.team || null;
  const updated = await people.update(p.id, { verified: true, team, name: await verifiedName(people, p) });
  const where = team ? `${team}组` : '（未分组）';
  return {
    reply: { text: `已核实：${updated.name}（编号 ${p.id}），归入${where}。如需调整组别或角色，请更新人员名单（npm run cli -- people import）。` },
    notify: [toPerson(p.id, `您的身份已由${me.name}核实，归入${where}。现在可以使用值班台的全部指令，发送「帮助」查看。`, itemPush('person', p.id, 'verified', me.id))],
  };
};

/** A verified member of staff (not a resident, not an unverified stranger). */
export const isVerifiedStaff = (p: Person): boolean => p.verified && RANK[p.role] >= RANK.staff;
