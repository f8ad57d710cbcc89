// Who sent a message: the channel that received it says which directory account it was; unknown senders are
// registered on first contact (staff in staff channels, residents in resident channels).
import type { SenderIdentity } from '../bot/channel.js';
import type { IncomingMessage } from '../bot/message.js';
import type { PeopleStore, Person } from '../store/index.js';

export type Identify = (msg: IncomingMessage) => SenderIdentity | null;

export async function findSender(msg: IncomingMessage, people: PeopleStore, identify: Identify | undefined): Promise<Person | null> {
  const who = identify?.(msg);
  if (!who) return null;
  if ('personId' in who) return Number.isInteger(who.personId) ? people.byId(who.personId) : null;
  const known = await people.byAccount(who.provider, who.externalId);
  if (known) return known;
  const resident = who.audience === 'resident';
  return people.create({
    name: who.name?.trim() || (resident ? `住户${who.externalId.slice(-4)}` : who.externalId),
    role: resident ? 'resident' : 'staff',
    team: null,
    phone: null,
    accounts: { [who.provider]: who.externalId },
  });
}
