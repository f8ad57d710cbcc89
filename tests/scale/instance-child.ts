// One DutyDesk instance in its own process for the two-instance test: the real runtime (config from the
// environment, PostgreSQL, the platform channels against the fakes) listening on a free port, driven over IPC:
// the clock (manual, so the test controls time), the scheduler's tick path, the outbox sender, and a batch claim the
// test kills the process in the middle of. Started with `node --import tsx`.
import { Writable } from 'node:stream';
import { fixedClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { outboxSend } from '../../src/handlers/jobs/outbox-send.js';
import { createLogger } from '../../src/logger.js';
import { createRuntime } from '../../src/runtime.js';
import { runDueTicks, runJob } from '../../src/scheduler.js';
import { openDatabase } from '../../src/store/index.js';
import { expectedMigrationNames } from '../../src/store/migrate/engine.js';

type Command = { id: number; type: 'clock'; at: string } | { id: number; type: 'tick'; at: string } | { id: number; type: 'outbox' } | { id: number; type: 'claim'; limit: number } | { id: number; type: 'idle' };

const config = loadConfig(process.env);
const clock = fixedClock(process.env.START_AT!);
const quiet = new Writable({ write: (_c, _e, cb) => cb() });
const logger = createLogger('warn', process.env.CHILD_LOGS ? undefined : quiet);
const db = await openDatabase(config.databaseUrl);
const rt = await createRuntime({ config, clock, logger, db, expectedMigrations: await expectedMigrationNames(config.databaseUrl) });
await rt.app.listen({ port: 0, host: '127.0.0.1' });
const address = rt.app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

async function handle(c: Command): Promise<unknown> {
  switch (c.type) {
    case 'clock':
      clock.set(c.at);
      return null;
    case 'tick': {
      clock.set(c.at);
      const r = await runDueTicks(rt, new Date(c.at));
      return Object.entries(r).filter(([, o]) => o.ran).map(([job]) => job);
    }
    case 'outbox':
      return runJob(rt, outboxSend, clock.now());
    case 'claim': {
      // What the sender does first; the test kills this process right after, holding the rows.
      const now = clock.now();
      const rows = await rt.stores.outbox.claimDue(now, new Date(now.getTime() + config.instances.outboxLeaseSeconds * 1000), c.limit, rt.outboxChannels.pulled);
      return rows?.map((r) => r.id) ?? null;
    }
    case 'idle':
      await rt.dispatcher.idle();
      return null;
  }
}

process.on('message', (c: Command) => {
  handle(c).then(
    (result) => process.send!({ id: c.id, result }),
    (err: unknown) => process.send!({ id: c.id, error: err instanceof Error ? err.stack : String(err) }),
  );
});
process.send!({ ready: port });
