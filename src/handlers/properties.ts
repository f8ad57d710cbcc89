// Properties (项目, docs/desk-rules.md#properties): which estate a message, an item and a person belong to.
// With one property nothing of this shows: no names in replies, every person serves it.
import type { DutyConfig } from '../config.js';
import type { Person, Property, Stores } from '../store/index.js';

/** The property of one message: where its items go, and every property for names in replies. */
export interface Place {
  property: Property;
  all: readonly Property[];
  /** The message came from a group bound to the property. */
  bound: boolean;
}

/** Does the person serve the property? No properties listed: every one. */
export const serves = (p: Pick<Person, 'properties'>, propertyId: number | null | undefined): boolean =>
  propertyId == null || !p.properties.length || p.properties.includes(propertyId);

/** The properties the person serves, out of all. */
export const servedBy = (p: Pick<Person, 'properties'>, all: readonly Property[]): Property[] => all.filter((x) => serves(p, x.id));

/** The property whose name or alias the text mentions (the longest match), or null. */
export function mentionedIn(text: string, all: readonly Property[]): Property | null {
  let best: { p: Property; len: number } | null = null;
  for (const p of all) {
    for (const word of [p.name, ...p.aliases]) {
      if (word && text.includes(word) && (!best || word.length > best.len)) best = { p, len: word.length };
    }
  }
  return best?.p ?? null;
}

/** The property things go to when nothing else says: the first configured one, or property 1. */
export function defaultProperty(all: readonly Property[], config: Pick<DutyConfig, 'properties'>): Property {
  const first = config.properties[0]?.name;
  return all.find((p) => p.name === first) ?? all.find((p) => p.id === 1) ?? all[0]!;
}

/**
 * Where a message's items belong: the group's bound property; else a property named in the text (a resident's
 * address: 阳光花园3栋…) that the sender serves; else the only property the sender serves; else the default.
 */
export async function placeOf(
  stores: Pick<Stores, 'properties'>,
  chat: { platform: string; id: string; type: 'direct' | 'group' },
  sender: Person,
  text: string,
  config: Pick<DutyConfig, 'properties'>,
): Promise<Place> {
  const all = await stores.properties.list();
  const byId = (id: number) => all.find((p) => p.id === id);
  if (chat.type === 'group') {
    const b = await stores.properties.bindingOf(chat.platform, chat.id);
    const bound = b && byId(b.propertyId);
    if (bound) return { property: bound, all, bound: true };
  }
  const named = all.length > 1 ? mentionedIn(text, all) : null;
  if (named && serves(sender, named.id)) return { property: named, all, bound: false };
  const mine = servedBy(sender, all);
  const property = mine.length === 1 ? mine[0]! : defaultProperty(all, config);
  return { property, all, bound: false };
}

/** 【阳光花园】 in front of a push, when there is more than one property; '' otherwise. */
export const propertyTag = (all: readonly Property[], propertyId: number | null | undefined): string => {
  if (all.length < 2 || propertyId == null) return '';
  const p = all.find((x) => x.id === propertyId);
  return p ? `【${p.name}】` : '';
};

/** A property by name or alias, for commands (绑定 项目 阳光花园, 排班 阳光花园). */
export const propertyNamed = (word: string, all: readonly Property[]): Property | null =>
  all.find((p) => p.name === word) ?? all.find((p) => p.aliases.includes(word)) ?? null;

/**
 * At start-up: the configured properties exist with their aliases, and the configured group bindings are recorded.
 * Property 1 (the default made by the first migration) takes the first configured name while it still has its
 * placeholder name, so what was recorded before properties were configured belongs to the first estate.
 */
export async function syncProperties(stores: Pick<Stores, 'properties'>, config: Pick<DutyConfig, 'properties' | 'chatBindings'>, now: Date): Promise<void> {
  const [first] = config.properties;
  const placeholder = await stores.properties.byId(1);
  if (first && placeholder?.name === PLACEHOLDER_NAME && !(await stores.properties.byName(first.name))) await stores.properties.rename(1, first.name, first.aliases);
  for (const p of config.properties) {
    // Written only when something changed: every start (and every CLI command) runs this.
    const known = await stores.properties.byName(p.name);
    if (!known || known.aliases.join(',') !== p.aliases.join(',')) await stores.properties.upsert(p.name, p.aliases);
  }
  for (const b of config.chatBindings) {
    const p = await stores.properties.byName(b.property);
    if (p) await stores.properties.bind({ platform: b.platform, chatId: b.chatId, propertyId: p.id, boundById: null, boundAt: now });
  }
}

/** The name the first migration gives property 1. */
export const PLACEHOLDER_NAME = '默认项目';
