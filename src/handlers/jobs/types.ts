import type { Logger } from 'pino';
import type { Sender } from '../../bot/channel.js';
import type { OutboxChannel } from '../../bot/message.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { NotifyRouter } from '../../notify.js';
import type { Stores } from '../../store/index.js';
import type { PrismaClient } from '../../store/prisma/client.js';

/** Everything a job may use. `now` is the instant the run is for (cron tick, or `jobs run --now`). */
export interface JobContext {
  now: Date;
  prisma: PrismaClient;
  stores: Stores;
  clock: Clock;
  config: Config;
  logger: Logger;
  notifyRouter: NotifyRouter;
  senders: Partial<Record<OutboxChannel, Sender>>;
}

/** One job per file: `{ name, cron(config), run(ctx) }`. The scheduler decides when; the job decides what. */
export interface Job {
  name: string;
  cron(config: Config): string;
  run(ctx: JobContext): Promise<unknown>;
}
