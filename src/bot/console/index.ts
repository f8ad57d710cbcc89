// The local console channel: a web page to try the bot without any platform account. Same dispatch path as
// the real channels; pushes to a person and to the duty group wait in the outbox until the page pulls them.
//   'console'        recipient = person number
//   'console-group'  recipient = 'default'
import { formatLocal } from '../../clock.js';
import { bool, type Env } from '../../config-read.js';
import type { ChannelContext, ChannelDefinition, ChannelModule } from '../channel.js';
import { consolePlugin } from './plugin.js';

export interface ConsoleConfig {
  enabled: boolean;
}

export const readConsoleConfig = (env: Env): ConsoleConfig => ({ enabled: bool(env, 'CONSOLE_ENABLED', true) });

function createConsoleChannel(ctx: ChannelContext): ChannelModule | null {
  if (!ctx.config.console.enabled) return null;
  const { people, outbox, clock } = ctx;
  const offset = ctx.config.utcOffsetMinutes;
  return {
    name: 'console',
    pulled: ['console', 'console-group'],
    groups: ['console-group'],
    reach: (person) => ({ channel: 'console', recipient: String(person.id) }),
    routes: consolePlugin({
      dispatcher: ctx.dispatcher,
      clock,
      listPeople: async () => (await people.list()).filter((p) => p.active).map(({ id, name, role, team }) => ({ id, name, role, team })),
      async pullInbox(personId) {
        const now = clock.now();
        const rows = [...(await outbox.pendingFor('console', String(personId))), ...(await outbox.pendingFor('console-group', 'default'))]
          .filter((r) => r.nextAttemptAt <= now)
          .sort((a, b) => a.id - b.id);
        for (const r of rows) await outbox.markSent(r.id, now);
        return rows.map((r) => ({ text: r.text, title: r.title ?? undefined, at: formatLocal(r.createdAt, offset), group: r.channel === 'console-group' }));
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
