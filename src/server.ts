// Composition root: config → migrate → database → runtime → listen; cron and long connections; graceful shutdown.
import { existsSync, readFileSync } from 'node:fs';
import closeWithGrace from 'close-with-grace';
import { parse as parseDotenv } from 'dotenv';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig, platformsConfigured } from './config.js';
import { createLogger, resolveLogFormat } from './logger.js';
import { createRuntime } from './runtime.js';
import { startScheduler } from './scheduler.js';
import { serve } from './serve.js';
import { deployMigrations, expectedMigrationNames } from './store/migrate/engine.js';
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

const logger = createLogger(config.logLevel, undefined, { format: resolveLogFormat(config.logFormat, process.stdout.isTTY), timeZone: config.timeZone });
const applied = await deployMigrations(config.databaseUrl);
if (applied.length) logger.info({ applied }, '数据库迁移已应用 migrations applied');
const db = await openDatabase(config.databaseUrl);
const runtime = await createRuntime({ config, clock: systemClock, logger, db, expectedMigrations: await expectedMigrationNames(config.databaseUrl) });
// Demo people only for a try-out: the console on, no platform configured, and an empty directory.
if (config.console.enabled && !platformsConfigured(config)) {
  const seeded = await seedDemoPeople(runtime.stores.people);
  if (seeded) logger.info({ seeded }, '已创建演示人员 demo people created');
}

let scheduler: ReturnType<typeof startScheduler> | undefined;
closeWithGrace({ delay: 10_000, logger }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'shutting down after an error');
  else logger.info({ signal }, '正在停止 shutting down');
  scheduler?.stop();
  for (const ch of runtime.channels) await ch.stop?.();
  await runtime.app.close();
});

await serve(runtime, { port: config.port, host: config.host, announce: (line) => process.stdout.write(`${line}\n`) });
scheduler = startScheduler(runtime);
for (const ch of runtime.channels) await ch.start?.();


