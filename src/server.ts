// Composition root: config → migrate → database → runtime → listen; cron and long connections; graceful shutdown.
import { existsSync, readFileSync } from 'node:fs';
import closeWithGrace from 'close-with-grace';
import { parse as parseDotenv } from 'dotenv';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createRuntime } from './runtime.js';
import { startScheduler } from './scheduler.js';
import { deployMigrations, migrationNames } from './store/migrate/engine.js';
import { openDatabase } from './store/index.js';
import { seedDemoPeople } from './store/seed.js';

function readEnv(): Record<string, string | undefined> {
  const file = existsSync('.env') ? parseDotenv(readFileSync('.env')) : {};
  return { ...file, ...process.env };
}

let config;
try {
  config = loadConfig(readEnv());
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const logger = createLogger(config.logLevel);
const applied = await deployMigrations(config.databaseUrl);
if (applied.length) logger.info({ applied }, '数据库迁移已应用 migrations applied');
const db = await openDatabase(config.databaseUrl);
const runtime = await createRuntime({ config, clock: systemClock, logger, db, expectedMigrations: await migrationNames() });
if (config.console.enabled) {
  const seeded = await seedDemoPeople(runtime.stores.people);
  if (seeded) logger.info({ seeded }, '已创建演示人员 demo people created');
}
const recovered = await runtime.dispatcher.recover();
if (recovered) logger.warn({ recovered }, '已补处理上次未完成的消息 recovered unprocessed messages');

const scheduler = startScheduler(runtime);
for (const ch of runtime.channels) await ch.start?.();

closeWithGrace({ delay: 10_000, logger }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'shutting down after an error');
  else logger.info({ signal }, '正在停止 shutting down');
  scheduler.stop();
  for (const ch of runtime.channels) await ch.stop?.();
  await runtime.app.close();
});

await runtime.app.listen({ port: config.port, host: config.host });
const address = runtime.app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : config.port}`;
logger.info(`值班台已启动 DutyDesk is up: ${base}/healthz${config.console.enabled ? `  本地控制台 console: ${base}/console` : ''}`);
