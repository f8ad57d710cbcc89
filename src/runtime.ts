// Wires config, database, channels, dispatcher and app together. Used by server.ts, the CLI and tests.
// Starts nothing: no listen, no cron, no long connections.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import type { ChannelModule, Dispatcher, Sender } from './bot/channel.js';
import type { OutboxChannel } from './bot/message.js';
import { availableChannels, createChannels } from './channels.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { createDispatcher, type AppDispatcher } from './dispatch.js';
import { createNotifyRouter, type NotifyRouter } from './notify.js';
import { createStores, type Stores } from './store/index.js';
import type { PrismaClient } from './store/prisma/client.js';

export interface Runtime {
  config: Config;
  clock: Clock;
  logger: Logger;
  prisma: PrismaClient;
  stores: Stores;
  dispatcher: AppDispatcher;
  channels: ChannelModule[];
  senders: Partial<Record<OutboxChannel, Sender>>;
  notifyRouter: NotifyRouter;
  app: FastifyInstance;
}

export async function createRuntime(deps: { config: Config; clock: Clock; logger: Logger; prisma: PrismaClient; expectedMigrations: string[] }): Promise<Runtime> {
  const { config, clock, logger, prisma } = deps;
  const stores = createStores(prisma);
  let dispatcher: AppDispatcher | undefined;
  // Channels get the dispatcher late-bound: the dispatcher needs to know which channels exist.
  const lateDispatcher: Dispatcher = { handle: (msg) => dispatcher!.handle(msg) };
  const channels = createChannels({ config, clock, logger, dispatcher: lateDispatcher, tokens: stores.tokens, cursors: stores.cursors }, stores);
  const notifyRouter = createNotifyRouter(config, availableChannels(channels, config.console.enabled));
  dispatcher = createDispatcher({ prisma, config, clock, logger, notifyRouter });
  const senders: Partial<Record<OutboxChannel, Sender>> = Object.assign({}, ...channels.map((c) => c.senders ?? {}));
  const app = await buildApp({ config, prisma, clock, logger, dispatcher, channels, expectedMigrations: deps.expectedMigrations });
  return { config, clock, logger, prisma, stores, dispatcher, channels, senders, notifyRouter, app };
}
