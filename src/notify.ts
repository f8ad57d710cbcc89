// Turns a Notify (person or duty group) into outbox rows on the channels that reach the recipient.
import type { OutboxChannel, Recipient } from './bot/message.js';
import type { Config } from './config.js';
import type { Notify } from './handlers/outcome.js';
import type { OutboxInput, PeopleStore, Person } from './store/types.js';

export interface NotifyRouter {
  rows(n: Notify, now: Date, people: PeopleStore): Promise<OutboxInput[]>;
  /** The same, for a caller that already loaded the person (batch jobs). */
  rowsFor(n: Notify, now: Date, person: Person | null): OutboxInput[];
}

/** WeCom external contacts (residents via 微信客服) have ids starting wm/wo. */
const isExternal = (id: string) => /^w[mo]/.test(id);

export function personChannel(p: Person, available: ReadonlySet<OutboxChannel>, config: Config): { channel: OutboxChannel; recipient: string } | null {
  if (p.wecomUserId && isExternal(p.wecomUserId)) {
    if (available.has('wecom-kf') && config.wecom.kfOpenKfid) return { channel: 'wecom-kf', recipient: `${config.wecom.kfOpenKfid}:${p.wecomUserId}` };
  } else if (p.wecomUserId && available.has('wecom-app')) return { channel: 'wecom-app', recipient: p.wecomUserId };
  if (p.dingtalkUserId && available.has('dingtalk-robot')) return { channel: 'dingtalk-robot', recipient: p.dingtalkUserId };
  if (available.has('console')) return { channel: 'console', recipient: String(p.id) };
  return null;
}

export function createNotifyRouter(config: Config, available: ReadonlySet<OutboxChannel>): NotifyRouter {
  const giveUp = (now: Date) => new Date(now.getTime() + config.sla.outboxGiveUpMinutes * 60_000);
  const groupChannels = (['wecom-group', 'dingtalk-group', 'console-group'] as const).filter((c) => available.has(c));
  function rowsFor(n: Notify, now: Date, person: Person | null): OutboxInput[] {
    const base = { text: n.message.text, title: n.message.title ?? null, format: n.message.markdown ? ('markdown' as const) : ('text' as const), nextAttemptAt: now, giveUpAt: giveUp(now) };
    const body = n.message.markdown ? { ...base, text: n.message.markdown } : base;
    if (n.to.kind === 'duty-group') {
      return groupChannels.map((channel) => ({ ...body, dedupeKey: `${n.dedupeKey}@${channel}`, channel, recipient: 'default' }));
    }
    const route = person && personChannel(person, available, config);
    if (!route || !person) return [];
    return [{ ...body, dedupeKey: n.dedupeKey, channel: route.channel, recipient: route.recipient, personId: person.id }];
  }
  return {
    rowsFor,
    async rows(n, now, people) {
      return rowsFor(n, now, n.to.kind === 'person' ? await people.byId(n.to.personId) : null);
    },
  };
}

export type { Recipient };
