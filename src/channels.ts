// Composition of the channel modules enabled by the configuration.
import type { ChannelContext, ChannelFactory, ChannelModule } from './bot/channel.js';
import { consolePlugin } from './bot/console/plugin.js';
import { createDingtalkChannel } from './bot/dingtalk/index.js';
import type { OutboxChannel } from './bot/message.js';
import { createWecomChannel } from './bot/wecom/index.js';
import { formatLocal } from './clock.js';
import type { Stores } from './store/index.js';

const platformFactories: ChannelFactory[] = [createWecomChannel, createDingtalkChannel];

function consoleChannel(ctx: ChannelContext, stores: Stores): ChannelModule {
  const offset = ctx.config.utcOffsetMinutes;
  return {
    name: 'console',
    routes: consolePlugin({
      dispatcher: ctx.dispatcher,
      clock: ctx.clock,
      listPeople: async () => (await stores.people.list()).filter((p) => p.active).map(({ id, name, role, team }) => ({ id, name, role, team })),
      async pullInbox(personId) {
        const rows = [...(await stores.outbox.pendingFor('console', String(personId))), ...(await stores.outbox.pendingFor('console-group', 'default'))]
          .filter((r) => r.nextAttemptAt <= ctx.clock.now())
          .sort((a, b) => a.id - b.id);
        const now = ctx.clock.now();
        for (const r of rows) await stores.outbox.markSent(r.id, now);
        return rows.map((r) => ({ text: r.text, title: r.title ?? undefined, at: formatLocal(r.createdAt, offset), group: r.channel === 'console-group' }));
      },
    }),
  };
}

export function createChannels(ctx: ChannelContext, stores: Stores): ChannelModule[] {
  const modules = platformFactories.map((f) => f(ctx)).filter((m): m is ChannelModule => m !== null);
  if (ctx.config.console.enabled) modules.unshift(consoleChannel(ctx, stores));
  return modules;
}

/** Outbox channels some module can deliver (console rows are pulled by the page). */
export function availableChannels(modules: ChannelModule[], consoleEnabled: boolean): Set<OutboxChannel> {
  const set = new Set<OutboxChannel>();
  for (const m of modules) for (const k of Object.keys(m.senders ?? {})) set.add(k as OutboxChannel);
  if (consoleEnabled) {
    set.add('console');
    set.add('console-group');
  }
  return set;
}
