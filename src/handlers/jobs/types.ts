import type { Logger } from 'pino';
import type { MediaFetcher } from '../../bot/channel.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Database, MediaStore, Stores } from '../../store/index.js';
import type { OutboxChannels } from '../outbox/channels.js';
import type { NotifyRouter } from '../outbox/route.js';

/** Photo and voice downloads: the channels' fetchers (by IncomingMessage.platform) and the folder the files go to. */
export interface MediaDeps {
  fetcher(platform: string): MediaFetcher | undefined;
  files: MediaStore;
}

/** Everything a job may use. `now` is the instant the run is for (cron tick, or `jobs run --now`). */
export interface JobContext {
  now: Date;
  stores: Stores;
  /** Runs fn with stores bound to one transaction. */
  transaction: Database['transaction'];
  clock: Clock;
  config: Config;
  logger: Logger;
  notifyRouter: NotifyRouter;
  channels: OutboxChannels;
  media: MediaDeps;
}

/** One job per file: `{ name, cron(config), run(ctx) }`. The scheduler decides when; the job decides what. */
export interface Job {
  name: string;
  cron(config: Config): string;
  run(ctx: JobContext): Promise<unknown>;
}
