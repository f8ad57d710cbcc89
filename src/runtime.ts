// Wires config, database, channels, dispatcher and app together. Used by server.ts, the CLI and tests.
// Starts nothing: no listen, no cron, no long connections.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import type { ChannelModule, Dispatcher, Sender } from './bot/channel.js';
import { PLATFORMS } from './bot/platforms.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { createDispatcher, type AppDispatcher } from './dispatch/intake.js';
import { createPipeline, type Pipeline } from './dispatch/pipeline.js';
import type { Identify } from './dispatch/sender.js';
import type { MediaDeps } from './handlers/jobs/types.js';
import { outboxChannels, type OutboxChannels } from './handlers/outbox/channels.js';
import { createNotifyRouter, type NotifyRouter } from './handlers/outbox/route.js';
import { syncProperties } from './handlers/properties.js';
import { createMetrics, type Metrics } from './metrics.js';
import { mediaDirectory, type Database, type Stores } from './store/index.js';
import { DASHBOARD_PLATFORM, dashboardIdentity } from './web/actions.js';

export interface Runtime {
  config: Config;
  clock: Clock;
  logger: Logger;
  db: Database;
  stores: Stores;
  dispatcher: AppDispatcher;
  channels: ChannelModule[];
  /** Every outbox channel's sender, by channel. */
  senders: Record<string, Sender>;
  outboxChannels: OutboxChannels;
  notifyRouter: NotifyRouter;
  /** Photo and voice downloads (the media-fetch job). */
  media: MediaDeps;
  /** Prometheus metrics of this process (GET /metrics). */
  metrics: Metrics;
  app: FastifyInstance;
}

export async function createRuntime(deps: { config: Config; clock: Clock; logger: Logger; db: Database; expectedMigrations: string[]; httpTimeoutMs?: number }): Promise<Runtime> {
  const { config, clock, logger, db } = deps;
  const stores = db.stores;
  // The configured properties and group bindings are in the database before anything reads them.
  await syncProperties(stores, config.duty, clock.now());
  const metrics = createMetrics(stores);
  let dispatcher: AppDispatcher | undefined;
  // Channels get the dispatcher late-bound: the dispatcher needs to know which channels exist.
  const lateDispatcher: Dispatcher = {
    async handle(msg) {
      const result = await dispatcher!.handle(msg);
      metrics.delivery(msg.platform, result.duplicate);
      return result;
    },
  };
  const ctx = { config, clock, logger, dispatcher: lateDispatcher, tokens: stores.tokens, cursors: stores.cursors, people: stores.people, outbox: stores.outbox, properties: stores.properties, httpTimeoutMs: deps.httpTimeoutMs };
  const channels = PLATFORMS.map((p) => p.create(ctx)).filter((m): m is ChannelModule => m !== null);
  const delivery = outboxChannels(channels, new Map(PLATFORMS.flatMap((p) => Object.entries(p.labels))));
  const notifyRouter = createNotifyRouter(delivery, config.sla.outboxGiveUpMinutes);
  const identities = new Map<string, Identify>(PLATFORMS.flatMap((p) => Object.entries(p.identities)));
  // #14: actions on the dashboard run as the signed-in person's direct messages (src/web/actions.ts).
  identities.set(DASHBOARD_PLATFORM, dashboardIdentity);
  const pipeline = measured(createPipeline({ db, config, clock, logger, notifyRouter, identities }), metrics, clock);
  dispatcher = createDispatcher({ stores, pipeline, clock, logger, replyWaitMs: config.replyWaitMs, queueMax: config.intakeQueueMax, conversationWaitMs: config.instances.conversationWaitMs });
  const senders: Record<string, Sender> = Object.assign({}, ...channels.map((c) => c.senders ?? {}));
  const fetchers = new Map(channels.flatMap((c) => Object.entries(c.media ?? {})));
  const media: MediaDeps = { fetcher: (platform) => fetchers.get(platform), files: mediaDirectory(config.media.dir) };
  const signIns = Object.fromEntries(channels.flatMap((c) => (c.webSignIn ? [[c.name, c.webSignIn] as const] : [])));
  const dashboard = { stores, config, clock, dispatcher, media: media.files, signIns, db, notifyRouter };
  const app = await buildApp({ config, db, clock, logger, dispatcher, channels, metrics, expectedMigrations: deps.expectedMigrations, dashboard });
  return { config, clock, logger, db, stores, dispatcher, channels, senders, outboxChannels: delivery, notifyRouter, media, metrics, app };
}

/** The pipeline, recording each message's lag from arrival to the end of its processing (alone or in a batch). */
function measured(pipeline: Pipeline, metrics: Metrics, clock: Clock): Pipeline {
  return {
    ...pipeline,
    async process(msg, inboundId) {
      try {
        return await pipeline.process(msg, inboundId);
      } finally {
        metrics.processed(msg.platform, (clock.now().getTime() - msg.receivedAt.getTime()) / 1000);
      }
    },
    async processMany(rows, pushReplies) {
      try {
        return await pipeline.processMany(rows, pushReplies);
      } finally {
        const now = clock.now().getTime();
        for (const { msg } of rows) metrics.processed(msg.platform, (now - msg.receivedAt.getTime()) / 1000);
      }
    },
  };
}
