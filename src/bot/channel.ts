import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { CursorStore, TokenStore } from '../store/types.js';
import type { IncomingMessage, OutboxChannel, OutgoingMessage } from './message.js';

/** What an adapter gets back after handing a message to the dispatcher. */
export interface DispatchResult {
  /** True when (platform, msgId) was seen before: a platform retry. Nothing new was created. */
  duplicate: boolean;
  /** The reply to send back in the same conversation (absent: stay silent, e.g. ordinary group chat). */
  reply?: OutgoingMessage;
  /**
   * Under load the dispatcher answers as soon as the inbound row is recorded and keeps processing in the
   * background: the adapter acks the platform now and sends what this resolves to (if anything) afterwards.
   */
  later?: Promise<OutgoingMessage | undefined>;
}

/** The reply, waiting for it when it comes later (console, CLI). */
export async function finalReply(result: DispatchResult): Promise<OutgoingMessage | undefined> {
  return result.reply ?? (await result.later);
}

/**
 * The only thing adapters call. `handle` resolves once the inbound row is durably recorded
 * (dedupe), with the reply when processing finished in time, otherwise with `later`.
 */
export interface Dispatcher {
  handle(msg: IncomingMessage): Promise<DispatchResult>;
}

/** Sends one outbox row. Throws DeliveryError for platform failures. */
export interface Sender {
  send(recipient: string, message: OutgoingMessage): Promise<void>;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** retry: try again later with backoff; rate: rate-limited, retry after the window; fatal: never retry. */
    readonly kind: 'retry' | 'rate' | 'fatal',
    readonly retryAfterMs?: number,
    readonly platformCode?: number | string,
  ) {
    super(message);
  }
}

// ---- Channel modules: how an adapter plugs into the app -------------------------------


export interface ChannelContext {
  config: Config;
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  /** Access tokens cached in the database, shared by every process. */
  tokens: TokenStore;
  /** Sync cursors (WeCom kf/sync_msg) kept in the database. */
  cursors: CursorStore;
}

export interface ChannelModule {
  name: string;
  /** Encapsulated Fastify plugin with this channel's webhook routes (raw-body parsing stays inside it). */
  routes?: FastifyPluginAsync;
  /** The outbox channels this module delivers, keyed by OutboxChannel. */
  senders?: Partial<Record<OutboxChannel, Sender>>;
  /** Long connections (Stream mode, AI-bot long connection). Started only by server.ts, never by buildApp. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** Returns null when the configuration leaves this channel disabled. */
export type ChannelFactory = (ctx: ChannelContext) => ChannelModule | null;
