// buildApp(deps): the HTTP application. Never listens, never starts cron, never reads the environment.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ChannelModule } from './bot/channel.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { AppDispatcher } from './dispatch/intake.js';
import type { Database } from './store/index.js';

export interface AppDeps {
  config: Config;
  db: Pick<Database, 'appliedMigrations' | 'close'> & { stores: Pick<Database['stores'], 'inbound'> };
  clock: Clock;
  logger: Logger;
  dispatcher: AppDispatcher;
  channels: ChannelModule[];
  /** Migration folder names that must be applied for /readyz. */
  expectedMigrations: string[];
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db, logger } = deps;
  const app = Fastify({
    loggerInstance: logger as unknown as FastifyBaseLogger,
    bodyLimit: config.bodyLimit,
    trustProxy: false,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err, url: req.url }, 'request failed');
    else req.log.info({ code: err.code, url: req.url, status }, 'request rejected');
    reply.status(status).send({ error: status >= 500 ? '服务器内部错误 internal error' : err.message, code: err.code });
  });
  app.setNotFoundHandler((_req, reply) => reply.status(404).send({ error: '未找到 not found' }));

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      const applied = new Set(await db.appliedMigrations());
      const missing = deps.expectedMigrations.filter((m) => !applied.has(m));
      if (missing.length) return reply.status(503).send({ status: 'migrations pending', missing });
      // Ready to take deliveries while recovery drains the messages a crash left unprocessed: say how many are left.
      if (deps.dispatcher.recovering) return { status: 'ready', recovering: true, backlog: await db.stores.inbound.countUnprocessed() };
      return { status: 'ready' };
    } catch (err) {
      app.log.error({ err }, 'readiness check failed');
      return reply.status(503).send({ status: 'database unreachable' });
    }
  });

  for (const ch of deps.channels) {
    if (ch.routes) await app.register(ch.routes);
  }
  app.addHook('onClose', async () => {
    // Messages already acknowledged to a platform finish processing before the database closes; a recovery in
    // progress stops after its current row (the rest is recovered at the next start).
    deps.dispatcher.stop();
    await deps.dispatcher.idle();
    await db.close();
  });
  return app;
}
