// buildApp(deps): the HTTP application. Never listens, never starts cron, never reads the environment.
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ChannelModule } from './bot/channel.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { AppDispatcher } from './dispatch/intake.js';
import { registerMetricsRoute, type Metrics } from './metrics.js';
import type { Database } from './store/index.js';
import { dashboardRoutes, type DashboardDeps } from './web/index.js';
import { reportRoutes } from './web/reports/routes.js';
import { createSessions } from './web/session.js';

export interface AppDeps {
  config: Config;
  db: Pick<Database, 'appliedMigrations' | 'close'> & { stores: Pick<Database['stores'], 'inbound'> };
  clock: Clock;
  logger: Logger;
  dispatcher: AppDispatcher;
  channels: ChannelModule[];
  /** The app's Prometheus registry and recorders (GET /metrics). */
  metrics: Metrics;
  /** Migration folder names that must be applied for /readyz. */
  expectedMigrations: string[];
  /** #14 the dashboard (src/web); absent: no /dashboard and no /api. */
  dashboard?: DashboardDeps;
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

  registerMetricsRoute(app, deps.metrics, config.metricsToken);

  // Per client IP and route, for the routes that opt in with `config: { rateLimit: {} }` (the platforms' webhooks);
  // registered before them so that their routes see it. /healthz and /readyz never opt in.
  if (config.webhookRateLimitPerMinute > 0) await app.register(rateLimit, webhookLimit(deps));

  for (const ch of deps.channels) {
    if (ch.routes) await app.register(ch.routes);
  }
  // #14 the dashboard: pages under /dashboard, JSON under /api, signed in with a link from chat (登录).
  if (deps.dashboard) {
    const sessions = createSessions(deps.dashboard);
    await app.register(dashboardRoutes(deps.dashboard, sessions));
    await app.register(reportRoutes({ stores: deps.dashboard.stores, config, clock: deps.clock, viewerOf: sessions.viewerOf }));
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

/** WEBHOOK_RATE_LIMIT_PER_MINUTE requests per minute and client IP on each opted-in route; beyond: 429, one warning a minute. */
function webhookLimit(deps: AppDeps) {
  const max = deps.config.webhookRateLimitPerMinute;
  const warnedUntil = new Map<string, number>();
  return {
    global: false,
    max,
    timeWindow: 60_000,
    errorResponseBuilder: (_req: unknown, ctx: { statusCode: number; after: string }) =>
      Object.assign(new Error(`请求过于频繁，请稍后重试 too many requests, retry in ${ctx.after}`), { statusCode: ctx.statusCode, code: 'RATE_LIMITED' }),
    onExceeded(req: FastifyRequest, ip: string) {
      const id = `${ip} ${req.routeOptions.url}`;
      const now = deps.clock.now().getTime();
      if ((warnedUntil.get(id) ?? 0) > now) return;
      if (warnedUntil.size >= 1000) warnedUntil.clear();
      warnedUntil.set(id, now + 60_000);
      req.log.warn({ ip, url: req.routeOptions.url, max }, '回调请求过于频繁，已限流（429） webhook rate limit reached');
    },
  };
}
