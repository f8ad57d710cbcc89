import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createLogger } from '../logger.js';
import { createRuntime, type Runtime } from '../runtime.js';
import { deployMigrations, expectedMigrationNames } from '../store/migrate/engine.js';
import { openDatabase } from '../store/index.js';

/** The same runtime as the server (migrated database, all channels), without listening. */
export async function openRuntime(config: Config, clock: Clock): Promise<Runtime> {
  await deployMigrations(config.databaseUrl);
  const db = await openDatabase(config.databaseUrl);
  const rt = await createRuntime({ config, clock, logger: createLogger(config.logLevel, process.stderr as never), db, expectedMigrations: await expectedMigrationNames(config.databaseUrl) });
  return rt;
}
