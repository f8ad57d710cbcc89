// Who sent a message: the channel that received it says which directory account it was. An unknown sender in a
// resident channel is registered as a resident; in a staff channel as an unverified person who may report but
// sees no one else's data until a lead confirms them (UNKNOWN_SENDERS=report-only), or is refused (refuse).
// A stranger never takes the name of someone already in the directory.
import type { SenderIdentity } from '../bot/channel.js';
import type { IncomingMessage } from '../bot/message.js';
import type { PeopleStore, Person } from '../store/index.js';

export type Identify = (msg: IncomingMessage) => SenderIdentity | null;
export type UnknownSenders = 'report-only' | 'refuse';

export type SenderLookup = { person: Person; registered: boolean } | { refused: true } | { missing: true };

/** A free display name: the sender's own, or with 待核实 (and a number) when someone already has it. */
async function freeName(people: PeopleStore, wanted: string, unverified: boolean): Promise<string> {
  if (!(await people.named(wanted)).length) return wanted;
  const tag = unverified ? '待核实' : '住户';
  for (let i = 1; ; i++) {
    const name = `${wanted}（${tag}${i > 1 ? i : ''}）`;
    if (!(await people.named(name)).length) return name;
  }
}

export async function findSender(msg: IncomingMessage, people: PeopleStore, identify: Identify | undefined, unknown: UnknownSenders): Promise<SenderLookup> {
  const who = identify?.(msg);
  if (!who) return { missing: true };
  if ('personId' in who) {
    const p = Number.isInteger(who.personId) ? await people.byId(who.personId) : null;
    return p ? { person: p, registered: false } : { missing: true };
  }
  const known = await people.byAccount(who.provider, who.externalId);
  if (known) return { person: known, registered: false };
  const resident = who.audience === 'resident';
  if (!resident && unknown === 'refuse') return { refused: true };
  const wanted = who.name?.trim() || (resident ? `住户${who.externalId.slice(-4)}` : who.externalId);
  const person = await people.create({
    name: await freeName(people, wanted, !resident),
    role: resident ? 'resident' : 'staff',
    team: null,
    phone: null,
    verified: resident,
    accounts: { [who.provider]: who.externalId },
  });
  return { person, registered: true };
}
