// The outbox channels as the core sees them: gathered from the channel modules, never named here.
import type { ChannelModule, Route, Sender } from '../../bot/channel.js';
import type { Person } from '../../store/index.js';

export interface OutboxChannels {
  /** How the person is reached: the first module (in registry order) that can, or null; `avoid`: a channel not to use (paused). */
  route(person: Person, avoid?: string): Route | null;
  /** The outbox channels that reach the duty group. */
  readonly groups: readonly string[];
  /** How a chat group (as a message reported it) is posted to, or null when no module can. */
  groupRoute(platform: string, chatId: string): Route | null;
  /** Rows of this channel are handed out by the module itself, not pushed by the sender job. */
  isPulled(channel: string): boolean;
  /** The names of the channels the sender job leaves alone. */
  readonly pulled: readonly string[];
  sender(channel: string): Sender | undefined;
  /** The channel's Chinese name for people (digest), or its id. */
  label(channel: string): string;
}

/** modules: the enabled channels, in registry order; labels: every channel's Chinese names, enabled or not. */
export function outboxChannels(modules: readonly ChannelModule[], labels: ReadonlyMap<string, string>): OutboxChannels {
  const senders = new Map(modules.flatMap((m) => Object.entries(m.senders ?? {})));
  const pulled = modules.flatMap((m) => m.pulled ?? []);
  return {
    route(person, avoid) {
      for (const m of modules) {
        const r = m.reach?.(person);
        if (r && r.channel !== avoid) return r;
      }
      return null;
    },
    groups: modules.flatMap((m) => m.groups ?? []),
    groupRoute(platform, chatId) {
      for (const m of modules) {
        const r = m.groupRoute?.(platform, chatId);
        if (r) return r;
      }
      return null;
    },
    isPulled: (channel) => pulled.includes(channel),
    pulled,
    sender: (channel) => senders.get(channel),
    label: (channel) => labels.get(channel) ?? channel,
  };
}
