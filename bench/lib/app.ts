// The DutyDesk runtime and Fastify servers as the benchmarks start them: on 127.0.0.1, a free port each.
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Dispatcher } from '../../src/bot/channel.js';
import { systemClock, type Clock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { expectedMigrationNames } from '../../src/store/migrate/engine.js';
import { openDatabase } from '../../src/store/index.js';
import type { PrismaClient } from '../../src/store/prisma/client.js';

export interface BenchRuntime {
  config: Config;
  prisma: PrismaClient;
  runtime: Runtime;
}

/** The whole app as server.ts wires it (config from `env`, logger at LOG_LEVEL), not listening yet. */
export async function startRuntime(env: Record<string, string>, clock: Clock = systemClock): Promise<BenchRuntime> {
  // The per-IP webhook limit stays in the measured path, far above what one load generator on 127.0.0.1 sends.
  const config = loadConfig({ WEBHOOK_RATE_LIMIT_PER_MINUTE: '10000000', ...env });
  const logger = createLogger(config.logLevel);
  const db = await openDatabase(config.databaseUrl);
  const runtime = await createRuntime({ config, clock, logger, db, expectedMigrations: await expectedMigrationNames(config.databaseUrl) });
  return { config, prisma: db.prisma, runtime };
}

/** Listens on a free port of 127.0.0.1 and returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}

/** A dispatcher that answers at once without a database: measures a channel's transport alone. */
export const instantDispatcher: Dispatcher = {
  handle: async (msg) => ({ duplicate: false, reply: { text: `已收到：${msg.text}（报修#1）` } }),
};

/** What every channel plugin takes, set up for the adapter server (see startAdapter). */
export interface AdapterDeps {
  config: Config;
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
}

/**
 * A channel plugin alone on its own server: `routes(deps)` gets the instant dispatcher, the system clock and a
 * silent logger. Measures the channel's transport (parser, signature, decoding, reply) without the database.
 */
export async function startAdapter(config: Config, routes: (deps: AdapterDeps) => FastifyPluginAsync): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false, bodyLimit: config.bodyLimit });
  await app.register(routes({ config, dispatcher: instantDispatcher, clock: systemClock, logger: createLogger('silent') }));
  return { app, url: await listen(app) };
}

/** Work still going on after the load generator stopped: waits until `count` stops moving (checked every 250 ms, ≤ 25 s). */
export async function settle(count: () => Promise<number>): Promise<void> {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const now = await count();
    if (now === last) return;
    last = now;
    await new Promise((r) => setTimeout(r, 250));
  }
}
