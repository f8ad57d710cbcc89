// The local console channel: a web page to try the bot without any platform account. Same dispatch path as
// the real channels; pushes to a person and to the duty group wait in the outbox until the page pulls them.
//   'console'        recipient = person number      (delivered when that person reads it)
//   'console-group'  recipient = 'default' or a group's chat id (every reader sees each group push once: a cursor per reader)
// Off by default as soon as a platform is configured; only this machine's browser, with the start's token.
import { formatLocal } from '../../clock.js';
import { bool, str, type Env } from '../../config-read.js';
import type { ChannelContext, ChannelDefinition, ChannelModule } from '../channel.js';
import { createConsoleGuard } from './guard.js';
import { consoleGroupName, consolePlugin } from './plugin.js';

export interface ConsoleConfig {
  enabled: boolean;
  /** CONSOLE_ENABLED was set (otherwise loadConfig turns the console off when a platform is configured). */
  explicit: boolean;
}

export const readConsoleConfig = (env: Env): ConsoleConfig => ({ enabled: bool(env, 'CONSOLE_ENABLED', true), explicit: str(env, 'CONSOLE_ENABLED') !== undefined });

/** Group pushes a new reader is shown from the past. */
const GROUP_BACKLOG = 50;
const readerCursor = (personId: number) => `console-inbox:${personId}`;

export interface ConsoleModule extends ChannelModule {
  /** This start's access token (…/console?token=…). */
  readonly token: string;
}

function createConsoleChannel(ctx: ChannelContext): ConsoleModule | null {
  if (!ctx.config.console.enabled) return null;
  const { people, outbox, cursors, clock, properties } = ctx;
  const offset = ctx.config.utcOffsetMinutes;
  const guard = createConsoleGuard();
  return {
    name: 'console',
    token: guard.token,
    announce: (base) => `本地控制台 console（仅本机浏览器）: ${base}/console?token=${guard.token}`,
    pulled: ['console', 'console-group'],
    groups: ['console-group'],
    reach: (person) => ({ channel: 'console', recipient: String(person.id) }),
    // A console group bound to a property gets that property's group pushes.
    groupRoute: (platform, chatId) => (platform === 'console' && chatId.startsWith('console-group') ? { channel: 'console-group', recipient: chatId } : null),
    routes: consolePlugin({
      dispatcher: ctx.dispatcher,
      clock,
      guard,
      listPeople: async () => (await people.list()).filter((p) => p.active).map(({ id, name, role, team }) => ({ id, name, role, team })),
      async pullInbox(personId) {
        const now = clock.now();
        // A person's own pushes are delivered when they read them; a group push stays there for the next reader.
        const own = (await outbox.pendingFor('console', String(personId))).filter((r) => r.nextAttemptAt <= now);
        for (const r of own) await outbox.markSent(r.id, now);
        const seen = Number((await cursors.get(readerCursor(personId))) ?? 0);
        const all = await outbox.recentFor('console-group', null, seen, GROUP_BACKLOG);
        if (all.length) await cursors.put(readerCursor(personId), String(all.at(-1)!.id));
        for (const r of all) if (r.status === 'pending') await outbox.markSent(r.id, now);
        // As in a real chat, a group bound to a property is read by the people who serve it (none listed: all).
        const reader = await people.byId(personId);
        const readable = new Map<string, boolean>();
        for (const chatId of new Set(all.map((r) => r.recipient))) {
          const bound = await properties.bindingOf('console', chatId);
          readable.set(chatId, !bound || !reader?.properties.length || reader.properties.includes(bound.propertyId));
        }
        const group = all.filter((r) => readable.get(r.recipient));
        return [...own, ...group]
          .sort((a, b) => a.id - b.id)
          .map((r) => ({ text: r.text, title: r.title ?? undefined, at: formatLocal(r.createdAt, offset), group: r.channel === 'console-group' ? consoleGroupName(r.recipient) : null }));
      },
    }),
  };
}

export const consoleChannel = {
  name: 'console' as const,
  readConfig: readConsoleConfig,
  identities: { console: (msg) => ({ personId: Number(msg.sender.id) }) },
  labels: { console: '控制台', 'console-group': '控制台群' },
  create: createConsoleChannel,
} satisfies ChannelDefinition;
