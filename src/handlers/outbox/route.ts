// Turns a Notify (a person, or the duty group) into outbox rows on the channels that reach the recipient.
import type { OutboxInput, PeopleStore, Person } from '../../store/index.js';
import { onChannel } from '../dedupe-keys.js';
import { maskPersonal } from '../privacy.js';
import type { Notify } from '../outcome.js';
import type { OutboxChannels } from './channels.js';

export interface RouteOptions {
  /** Leave this outbox channel out (it is paused): the person is reached through the next module that can, the group on the other group channels. */
  avoid?: string;
}

export interface NotifyRouter {
  rows(n: Notify, now: Date, people: PeopleStore, opts?: RouteOptions): Promise<OutboxInput[]>;
  /** The same, for a caller that already loaded the person (batch jobs). */
  rowsFor(n: Notify, now: Date, person: Person | null, opts?: RouteOptions): OutboxInput[];
}

export function createNotifyRouter(channels: OutboxChannels, giveUpMinutes: number): NotifyRouter {
  const giveUp = (now: Date) => new Date(now.getTime() + giveUpMinutes * 60_000);
  function rowsFor(n: Notify, now: Date, person: Person | null, opts: RouteOptions = {}): OutboxInput[] {
    const base = { text: n.message.text, title: n.message.title ?? null, format: n.message.markdown ? ('markdown' as const) : ('text' as const), nextAttemptAt: now, giveUpAt: giveUp(now) };
    const body = n.message.markdown ? { ...base, text: n.message.markdown } : base;
    if (n.to.kind === 'duty-group') {
      // Anyone may read a group: no phone number or room number ever reaches one, whatever the handler wrote.
      const safe = { ...body, text: maskPersonal(body.text) };
      return channels.groups.filter((c) => c !== opts.avoid).map((channel) => ({ ...safe, dedupeKey: onChannel(n.dedupeKey, channel), channel, recipient: 'default' }));
    }
    // A deactivated person (停用) is reached by no push at all.
    const route = person?.active && channels.route(person, opts.avoid);
    if (!route || !person) return [];
    return [{ ...body, dedupeKey: n.dedupeKey, channel: route.channel, recipient: route.recipient, personId: person.id }];
  }
  return {
    rowsFor,
    async rows(n, now, people, opts) {
      return rowsFor(n, now, n.to.kind === 'person' ? await people.byId(n.to.personId) : null, opts);
    },
  };
}
