// How a channel module (one folder per platform under src/bot/) plugs into the app. Everything a platform
// needs is declared here by the module itself: its webhook routes, long connections, the outbox channels it
// delivers, how an inbound sender is found in the directory, and how a person is reached.
import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Env } from '../config-read.js';
import type { CursorStore, OutboxStore, PeopleStore, Person, PropertyStore, TokenStore } from '../store/index.js';
import type { IncomingMessage, OutboxChannel, OutgoingMessage, Platform } from './message.js';

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

export interface SendOptions {
  /**
   * The same opaque key on every attempt of one outbox row. A sender hands it to the platform's own idempotency
   * mechanism where the API has one, so a retry after a timeout (the platform accepted, the answer was lost) is
   * not delivered twice. Without a key the send is a plain send.
   */
  idempotencyKey?: string;
}

/** Sends one outbox row. Throws DeliveryError for platform failures. */
export interface Sender {
  send(recipient: string, message: OutgoingMessage, opts?: SendOptions): Promise<void>;
}

/**
 * retry: try again later with backoff (also any answer we do not recognise); rate: rate-limited, retry after the
 * window; fatal: this row can never be delivered (unknown user, content refused, malformed recipient);
 * config: the whole channel is misconfigured (untrusted IP, wrong secret, revoked robot): nothing of it can go out
 * until someone fixes the configuration, so the outbox pauses the channel instead of failing rows.
 */
export type DeliveryErrorKind = 'retry' | 'rate' | 'fatal' | 'config';

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly kind: DeliveryErrorKind,
    readonly retryAfterMs?: number,
    readonly platformCode?: number | string,
  ) {
    super(message);
  }
}

/**
 * The end of reading a platform's error code: one of its settings codes (`config`, with `configText` saying what to
 * fix), one that fails the row alone (`fatal`), else a code in none of our tables: most likely passing trouble, never
 * a reason to lose the message, so retried after `retryMs`.
 */
export function codeError(errcode: number, msg: string, known: { config: ReadonlySet<number>; configText: string; row: ReadonlySet<number> }, retryMs: number): DeliveryError {
  if (known.config.has(errcode)) return new DeliveryError(known.configText, 'config', undefined, errcode);
  if (known.row.has(errcode)) return new DeliveryError(msg, 'fatal', undefined, errcode);
  return new DeliveryError(`${msg}（未识别的错误码，稍后重试）`, 'retry', retryMs, errcode);
}

/**
 * Who sent an inbound message, as the directory knows them: a person by number (the console), or an
 * account on the platform (`provider` + `externalId`) with the audience an unknown sender belongs to.
 */
export type SenderIdentity =
  | { personId: number }
  | { provider: string; externalId: string; audience: 'staff' | 'resident'; name?: string };

/** Where a push to a person goes: an outbox channel of this module and the recipient in its own format. */
export interface Route {
  channel: OutboxChannel;
  recipient: string;
}

/** What a media download may bring back: at most `maxBytes`, of one of `types` (normalized content types). */
export interface MediaLimits {
  maxBytes: number;
  types: readonly string[];
}

export interface FetchedMedia {
  bytes: Buffer;
  /** Normalized (media-types.ts), one of the limits' types. */
  contentType: string;
}

/**
 * Downloads one attachment (Attachment.ref) through the platform's API, enforcing the limits while the bytes
 * arrive. Throws DeliveryError: 'fatal' when it can never be downloaded (expired id, too large, wrong type; the
 * message is the reason people read, in Chinese), anything else when a later try may work.
 */
export type MediaFetcher = (ref: string, limits: MediaLimits) => Promise<FetchedMedia>;

export interface ChannelContext {
  config: Config;
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  /** Access tokens (and connection leases) in the database, shared by every process. */
  tokens: TokenStore;
  /** Sync cursors kept in the database. */
  cursors: CursorStore;
  /** The directory and the outbox, for channels that show them (the console). */
  people: PeopleStore;
  outbox: OutboxStore;
  /** Which property a group is bound to (the console shows a group's pushes to the people who serve it). */
  properties: Pick<PropertyStore, 'bindingOf'>;
  /** Per-request timeout of the platform API clients (default 10 s; tests shorten it). */
  httpTimeoutMs?: number;
}

/**
 * #14 signing in to the dashboard inside the platform's own browser, without a link: the platform vouches for who is
 * looking with a one-time code; the adapter turns the code into a directory account.
 */
export interface WebSignIn {
  /** The request comes from this platform's in-app browser (by its User-Agent). */
  inApp(userAgent: string): boolean;
  /**
   * How the browser gets a code: sent to the platform's authorisation address (which comes back to `returnUrl` with
   * ?code=&state=), or a page whose script asks the app for a code and goes to `returnUrl?code=…&state=…`.
   */
  start(returnUrl: string, state: string): { redirect: string } | { html: string };
  /** The directory account the code belongs to, or null when the platform refuses the code (used, expired, not a member). */
  identifyWebCode(code: string): Promise<{ provider: string; externalId: string } | null>;
}

export interface ChannelModule {
  /** #14 dashboard sign-in in this platform's in-app browser. */
  webSignIn?: WebSignIn;
  name: string;
  /** Encapsulated Fastify plugin with this channel's webhook routes (raw-body parsing stays inside it). */
  routes?: FastifyPluginAsync;
  /** The outbox channels this module delivers. */
  senders?: Record<OutboxChannel, Sender>;
  /** Outbox channels whose rows the module hands out itself (a page that pulls them); never pushed. */
  pulled?: OutboxChannel[];
  /** Outbox channels that reach the duty group (recipient 'default'). */
  groups?: OutboxChannel[];
  /** Downloads of photos and voice, keyed by the IncomingMessage.platform the attachment came with. */
  media?: Record<Platform, MediaFetcher>;
  /** How this module posts to a chat group a message came from (a property's bound group), or null when it cannot. */
  groupRoute?(platform: Platform, chatId: string): Route | null;
  /** How this module reaches a person, or null when it cannot (modules are asked in registry order). */
  reach?(person: Person): Route | null;
  /** A line for the start log, given the server's base URL (e.g. the console's address with its token). */
  announce?(baseUrl: string): string;
  /** Long connections (Stream mode, AI-bot long connection). Started only by server.ts, never by buildApp. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** The start / stop of a module that holds a long connection (called by server.ts only). */
export const runsConnection = (conn: { start(): Promise<void>; stop(): Promise<void> }): Pick<ChannelModule, 'start' | 'stop'> => ({
  start: () => conn.start(),
  stop: () => conn.stop(),
});

/** A platform as the registry (platforms.ts) lists it: its configuration slice and its module. */
export interface ChannelDefinition {
  /** Also the key of its slice in Config (config.wecom …). */
  name: string;
  /** Reads this channel's keys; called by loadConfig, the only reader of the environment. */
  readConfig(env: Env): unknown;
  /** Whether the slice sets anything up (the console stays off by default when a platform is configured). */
  configured?(slice: never): boolean;
  /** For each IncomingMessage.platform this channel produces: who sent the message (also for rows recovered later). */
  identities: Record<string, (msg: IncomingMessage) => SenderIdentity | null>;
  /** Chinese names of its outbox channels, for people reading a digest. */
  labels: Record<OutboxChannel, string>;
  /** Null when the configuration leaves this channel disabled. */
  create(ctx: ChannelContext): ChannelModule | null;
}

/** What a platform's webhook routes are built on; its plugin's deps add the platform's own (routes to register …). */
export interface RoutesDeps<Client> {
  config: Config;
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  client: Client;
}
