// Turns a Notify (a person, or the duty group) into outbox rows on the channels that reach the recipient.
// A property's duty group is each group bound to it that a channel can post to; with none, the default duty group,
// the push tagged with the property's name when there are several.
import type { Route } from '../../bot/channel.js';
import type { OutboxInput, Person, Stores } from '../../store/index.js';
import { onChannel } from '../dedupe-keys.js';
import { maskPersonal } from '../privacy.js';
import { propertyTag } from '../properties.js';
import type { Notify } from '../outcome.js';
import type { OutboxChannels } from './channels.js';

export interface RouteOptions {
  /** Leave this outbox channel out (it is paused): the person is reached through the next module that can, the group on the other group channels. */
  avoid?: string;
  /** The groups of each property (groupBook), for pushes to a property's duty group. */
  book?: GroupBook;
}

/** Where each property's duty-group pushes go. */
export interface GroupBook {
  forProperty(propertyId: number): { routes: Route[]; tag: string };
}

export type RouteStores = Pick<Stores, 'people' | 'properties'>;

export interface NotifyRouter {
  rows(n: Notify, now: Date, stores: RouteStores, opts?: RouteOptions): Promise<OutboxInput[]>;
  /** The same, for a caller that already loaded the person and the group book (batch jobs). */
  rowsFor(n: Notify, now: Date, person: Person | null, opts?: RouteOptions): OutboxInput[];
  /** Reads the properties and their bound groups once, for many rowsFor calls. */
  groupBook(stores: Pick<Stores, 'properties'>): Promise<GroupBook>;
}

export function createNotifyRouter(channels: OutboxChannels, giveUpMinutes: number): NotifyRouter {
  const giveUp = (now: Date) => new Date(now.getTime() + giveUpMinutes * 60_000);

  async function groupBook(stores: Pick<Stores, 'properties'>): Promise<GroupBook> {
    const all = await stores.properties.list();
    const routes = new Map<number, Route[]>();
    for (const p of all) {
      const bound = (await stores.properties.bindingsFor(p.id)).map((b) => channels.groupRoute(b.platform, b.chatId)).filter((r): r is Route => r !== null);
      routes.set(p.id, bound);
    }
    return { forProperty: (id) => ({ routes: routes.get(id) ?? [], tag: propertyTag(all, id) }) };
  }

  function groupRows(n: Notify & { to: { kind: 'duty-group' } }, body: Omit<OutboxInput, 'dedupeKey' | 'channel' | 'recipient'>, opts: RouteOptions): OutboxInput[] {
    const target = n.to.propertyId !== undefined && opts.book ? opts.book.forProperty(n.to.propertyId) : { routes: [], tag: '' };
    // Anyone may read a group: no phone number or room number ever reaches one, whatever the handler wrote.
    const bound = target.routes.filter((r) => r.channel !== opts.avoid);
    if (bound.length) {
      const safe = { ...body, text: maskPersonal(body.text) };
      return bound.map((r) => ({ ...safe, dedupeKey: onChannel(n.dedupeKey, `${r.channel}/${r.recipient}`), channel: r.channel, recipient: r.recipient }));
    }
    const safe = { ...body, text: maskPersonal(target.tag + body.text) };
    return channels.groups.filter((c) => c !== opts.avoid).map((channel) => ({ ...safe, dedupeKey: onChannel(n.dedupeKey, channel), channel, recipient: 'default' }));
  }

  function rowsFor(n: Notify, now: Date, person: Person | null, opts: RouteOptions = {}): OutboxInput[] {
    const base = { text: n.message.text, title: n.message.title ?? null, format: n.message.markdown ? ('markdown' as const) : ('text' as const), nextAttemptAt: now, giveUpAt: giveUp(now) };
    const body = n.message.markdown ? { ...base, text: n.message.markdown } : base;
    if (n.to.kind === 'duty-group') return groupRows(n as Notify & { to: { kind: 'duty-group' } }, body, opts);
    // A deactivated person (停用) is reached by no push at all.
    const route = person?.active && channels.route(person, opts.avoid);
    if (!route || !person) return [];
    return [{ ...body, dedupeKey: n.dedupeKey, channel: route.channel, recipient: route.recipient, personId: person.id }];
  }

  return {
    rowsFor,
    groupBook,
    async rows(n, now, stores, opts = {}) {
      if (n.to.kind === 'person') return rowsFor(n, now, await stores.people.byId(n.to.personId), opts);
      const book = n.to.propertyId !== undefined && !opts.book ? await groupBook(stores) : opts.book;
      return rowsFor(n, now, null, { ...opts, ...(book ? { book } : {}) });
    },
  };
}
