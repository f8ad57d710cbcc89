// Channel pauses. A configuration error (untrusted egress IP, wrong or reset secret, revoked robot …) is nobody's row:
// every row of that channel would fail the same way until someone fixes the configuration. So the channel is paused
// instead: no row becomes failed because of it, whatever its giveUpAt; the manager(s) and the duty group hear it once
// per pause (on the other channels), the log gets one error line; one row is tried again each PROBE_INTERVAL_MS, and
// when it gets through the pause is lifted, the waiting rows' give-up times move by the length of the pause and the
// queue goes out in order. The pause lives in the database (the store), so every process sees the same one.
import type { Logger } from 'pino';
import type { DeliveryError } from '../../bot/channel.js';
import { formatLocal } from '../../clock.js';
import type { ChannelPause, OutboxStore, PeopleStore } from '../../store/index.js';
import { channelPaused, channelResumed } from '../dedupe-keys.js';
import { toGroup, toPerson } from '../outcome.js';
import type { OutboxChannels } from './channels.js';
import type { NotifyRouter } from './route.js';

/** A paused channel is probed (one row sent) at most this often. */
export const PROBE_INTERVAL_MS = 60_000;

export interface PauseDeps {
  stores: { outbox: OutboxStore; people: PeopleStore };
  notifyRouter: NotifyRouter;
  channels: OutboxChannels;
  logger: Logger;
  now: Date;
  utcOffsetMinutes: number;
}

/** One sender run's view of the pauses (read once per channel, then kept up to date by this run). */
export interface ChannelPauses {
  /** The channel's pause in force, or null. */
  state(channel: string): Promise<ChannelPause | null>;
  /** Known paused by this run: the queues of the channel stop before their next row. */
  paused(channel: string): boolean;
  /** A row of the channel hit a configuration error: pause the channel (alert once), or when paused already, probe again later. */
  pause(channel: string, err: DeliveryError): Promise<void>;
  /** A probe was inconclusive (timeout, rate limit): stay paused, probe again later. */
  deferProbe(channel: string): Promise<void>;
  /** A probe got an answer about its row: the channel works again. */
  resume(channel: string): Promise<void>;
}

export const pausedText = (label: string, p: ChannelPause, offset: number): string =>
  `【推送暂停】「${label}」的推送因配置错误自${formatLocal(p.since, offset)}起暂停：${p.reason.slice(0, 300)}\n` +
  `已排队的提醒不会丢失，也不会记为失败：值班台每分钟重试一次，配置修正后按顺序补发。请尽快处理；其间的紧急事项请电话通知。`;

export const resumedText = (label: string, p: ChannelPause, now: Date, offset: number): string =>
  `【推送已恢复】「${label}」自${formatLocal(now, offset)}起恢复发送（${formatLocal(p.since, offset)}起暂停），暂停期间的提醒正按顺序补发。`;

export function channelPauses(deps: PauseDeps): ChannelPauses {
  const { stores, logger, now } = deps;
  const known = new Map<string, ChannelPause | null>();
  const nextProbe = () => new Date(now.getTime() + PROBE_INTERVAL_MS);

  /** The manager(s) and the duty group, reached on other channels than the paused one. */
  async function tell(channel: string, text: string, key: (managerId?: number) => string): Promise<number> {
    const avoid = { avoid: channel };
    const managers = await stores.people.byRole('manager');
    const rows = [
      ...deps.notifyRouter.rowsFor(toGroup(text, key()), now, null, avoid),
      ...managers.flatMap((m) => deps.notifyRouter.rowsFor(toPerson(m.id, text, key(m.id)), now, m, avoid)),
    ];
    return stores.outbox.enqueue(rows, now);
  }

  async function state(channel: string): Promise<ChannelPause | null> {
    if (!known.has(channel)) known.set(channel, await stores.outbox.channelPause(channel));
    return known.get(channel)!;
  }

  return {
    state,
    paused: (channel) => !!known.get(channel),
    async pause(channel, err) {
      const code = err.platformCode === undefined ? null : String(err.platformCode);
      const { pause, created } = await stores.outbox.pauseChannel({ channel, since: now, nextProbeAt: nextProbe(), reason: err.message, code });
      known.set(channel, pause);
      if (!created) return stores.outbox.deferProbe(channel, nextProbe());
      const label = deps.channels.label(channel);
      const alerts = await tell(channel, pausedText(label, pause, deps.utcOffsetMinutes), (m) => channelPaused(channel, pause.since, m));
      logger.error({ channel, code, reason: err.message, alerts }, `推送通道「${label}」配置错误，已暂停发送并通知经理和值班群，每分钟重试一次 outbox channel paused on a configuration error`);
    },
    async deferProbe(channel) {
      await stores.outbox.deferProbe(channel, nextProbe());
    },
    async resume(channel) {
      const pause = await state(channel);
      known.set(channel, null);
      // Only the process that lifts the pause reports it (another one may have been first).
      if (!(await stores.outbox.resumeChannel(channel)) || !pause) return;
      const pausedMs = Math.max(0, now.getTime() - pause.since.getTime());
      const postponed = await stores.outbox.postponeGiveUp(channel, pausedMs);
      const label = deps.channels.label(channel);
      const notes = await tell(channel, resumedText(label, pause, now, deps.utcOffsetMinutes), (m) => channelResumed(channel, pause.since, m));
      logger.warn({ channel, pausedMs, postponed, notes }, `推送通道「${label}」已恢复，按顺序补发 outbox channel resumed`);
    },
  };
}
