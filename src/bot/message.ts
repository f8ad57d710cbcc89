// The one message type every layer speaks. Imports nothing.

/**
 * Where a message came from: a name the channel module that received it chose (its `identities` key).
 * The core never looks inside it.
 */
export type Platform = string;

export interface Attachment {
  kind: 'image' | 'voice' | 'video' | 'file' | 'location' | 'link';
  /** Platform media id, download code or URL; fetched lazily elsewhere, never inside decode. */
  ref?: string;
  /** Human-readable note, e.g. an address for a location. */
  note?: string;
}

export interface IncomingMessage {
  platform: Platform;
  /** Opaque platform message id; (platform, msgId) is the dedupe key. */
  msgId: string;
  chat: { id: string; type: 'direct' | 'group' };
  /** Platform user id (WeCom userid / external_userid, DingTalk staffId or senderId, console person id). */
  sender: { id: string; name?: string };
  /** Text with the bot's own @mention removed. */
  text: string;
  mentionsBot: boolean;
  receivedAt: Date;
  attachments?: Attachment[];
  /** Platform quirks (DingTalk sessionWebhook, WeCom AgentID, aibot response_url); read only by the same adapter. */
  replyHint?: Record<string, unknown>;
  raw?: unknown;
}

export interface OutgoingMessage {
  text: string;
  /** Optional markdown rendering for platforms that support it. */
  markdown?: string;
  title?: string;
  /** Platform user ids to @mention in group pushes. */
  mentions?: string[];
}

/** A push target that is not the reply to the current message: a person, or the duty group(s) (of a property, when given). */
export type Recipient = { kind: 'person'; personId: number } | { kind: 'duty-group'; propertyId?: number };

/** Outbox channels: how a row is delivered; named and delivered by the channel modules (ChannelModule.senders). */
export type OutboxChannel = string;
