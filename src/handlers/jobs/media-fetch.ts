// Downloads the photos and voice attached to tickets (media/attach.ts) through the platform they came from, into the
// media folder (MEDIA_DIR) as <ticketId>-<rowId>.<ext>: never a name from the message or the platform. Runs apart
// from message processing (a slow platform delays only this job), every few seconds (MEDIA_FETCH_CRON).
// Each download claims its row for MEDIA_LEASE_MS: a process that dies mid-download leaves the row pending and
// another run takes it up when the lease ends. Failures are retried with backoff; a file that can never be had
// (expired id, larger than MEDIA_MAX_BYTES, a type not in MEDIA_ALLOWED_TYPES) fails at once, anything else after
// MEDIA_MAX_ATTEMPTS tries, with the reason in Chinese on the row. A file is written whole or not at all.
import { DeliveryError, type MediaLimits } from '../../bot/channel.js';
import { MEDIA_EXTENSIONS, normalizeContentType, tooLargeReason, wrongTypeReason } from '../../media-types.js';
import { mediaFileName, type TicketMedia } from '../../store/index.js';
import type { Job, JobContext } from './types.js';

/** Rows per run: the next run takes the rest. */
const BATCH = 20;
/** Longer than any download may take (the clients' timeouts), so a live download is never taken over. */
export const MEDIA_LEASE_MS = 5 * 60_000;
/** Tries before a row fails for good (about an hour of backoff). */
export const MEDIA_MAX_ATTEMPTS = 8;
/** 30 s, 1 min, 2 min … at most 30 min after the attempt-th failure. */
export const mediaBackoffMs = (attempt: number): number => Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 30 * 60_000);

type Result = 'stored' | 'retry' | 'failed' | 'skipped';

/** A download the job refuses whatever the platform says. */
class Refused extends Error {}

async function fetchOne(ctx: JobContext, row: TicketMedia, attempt: number, limits: MediaLimits): Promise<Result> {
  const { stores, now, logger } = ctx;
  const log = { mediaId: row.id, ticketId: row.ticketId, platform: row.platform, attempt };
  try {
    if (row.ticketId === null) throw new Refused('未附到工单，不下载');
    const fetch = ctx.media.fetcher(row.platform);
    if (!fetch) throw new DeliveryError(`未配置能下载该附件的平台接口（${row.platform}），稍后重试`, 'retry');
    const got = await fetch(row.ref, limits);
    const contentType = normalizeContentType(got.contentType);
    // The channel enforces the limits while it downloads; checked again here, whatever the channel did.
    if (got.bytes.length > limits.maxBytes) throw new Refused(tooLargeReason(limits.maxBytes));
    const extension = MEDIA_EXTENSIONS[contentType];
    if (!extension || !limits.types.includes(contentType)) throw new Refused(wrongTypeReason(contentType));
    const name = mediaFileName(row.ticketId, row.id, extension);
    await ctx.media.files.put(name, got.bytes);
    const mine = await stores.ticketMedia.markStored(row.id, attempt, { path: name, bytes: got.bytes.length, contentType }, now);
    // Not mine any more: the lease ran out and another run took the row (it writes the same file name).
    if (!mine) logger.warn(log, 'media download finished after its lease; left to the newer attempt');
    else logger.info({ ...log, bytes: got.bytes.length, contentType }, '附件已保存 media stored');
    return mine ? 'stored' : 'skipped';
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const final = err instanceof Refused || (err instanceof DeliveryError && err.kind === 'fatal');
    if (final || attempt >= MEDIA_MAX_ATTEMPTS) {
      const why = final ? reason : `下载${attempt}次均未成功，已放弃：${reason}`;
      await stores.ticketMedia.markFailed(row.id, attempt, why);
      logger.warn({ ...log, reason: why }, '附件无法保存 media failed');
      return 'failed';
    }
    const wait = Math.max(mediaBackoffMs(attempt), err instanceof DeliveryError ? (err.retryAfterMs ?? 0) : 0);
    await stores.ticketMedia.markRetry(row.id, attempt, new Date(now.getTime() + wait), reason);
    logger.info({ ...log, reason, retryInMs: wait }, 'media download will be retried');
    return 'retry';
  }
}

export const mediaFetch: Job = {
  name: 'media-fetch',
  cron: (config) => config.media.fetchCron,
  async run(ctx) {
    const { now, stores } = ctx;
    const limits: MediaLimits = { maxBytes: ctx.config.media.maxBytes, types: ctx.config.media.allowedTypes };
    const counts: Record<Result, number> = { stored: 0, retry: 0, failed: 0, skipped: 0 };
    for (const row of await stores.ticketMedia.due(now, BATCH)) {
      // Another process (or an overlapping run) may have claimed it since it was read.
      if (!(await stores.ticketMedia.claim(row, now, new Date(now.getTime() + MEDIA_LEASE_MS)))) continue;
      counts[await fetchOne(ctx, row, row.attempts + 1, limits)]++;
    }
    return counts;
  },
};
