// Payload shapes of the WeCom callbacks and APIs we read (docs/wecom.md#self-built-app-messages, #kf-sync-and-cursor). Every id stays an opaque string.

/** Decrypted XML of a self-built app callback (fields as delivered, all strings). */
export interface AppXml {
  ToUserName?: string;
  FromUserName?: string;
  CreateTime?: string;
  MsgType?: string;
  Content?: string;
  MsgId?: string;
  AgentID?: string;
  PicUrl?: string;
  MediaId?: string;
  Format?: string;
  Recognition?: string;
  ThumbMediaId?: string;
  Location_X?: string;
  Location_Y?: string;
  Scale?: string;
  Label?: string;
  Title?: string;
  Description?: string;
  Url?: string;
  Event?: string;
  EventKey?: string;
  /** kf_msg_or_event: sync token (valid 10 min) and the kf account. */
  Token?: string;
  OpenKfId?: string;
}

/** Decrypted JSON of an AI-bot (智能机器人) callback. */
export interface AibotPayload {
  msgid?: string;
  aibotid?: string;
  chatid?: string;
  chattype?: 'single' | 'group' | string;
  from?: { userid?: string };
  response_url?: string;
  create_time?: number;
  msgtype?: string;
  text?: { content?: string };
  image?: { url?: string };
  voice?: { content?: string };
  file?: { url?: string };
  mixed?: { msg_item?: Array<{ msgtype?: string; text?: { content?: string }; image?: { url?: string } }> };
  stream?: { id?: string };
  event?: { eventtype?: string; [k: string]: unknown };
}

/** One item of kf/sync_msg msg_list. */
export interface KfMessage {
  msgid?: string;
  open_kfid?: string;
  external_userid?: string;
  send_time?: number;
  origin?: number;
  servicer_userid?: string;
  msgtype?: string;
  text?: { content?: string; menu_id?: string };
  image?: { media_id?: string };
  voice?: { media_id?: string };
  event?: { event_type?: string; [k: string]: unknown };
}

export interface KfSyncResult {
  next_cursor?: string;
  has_more?: number;
  msg_list?: KfMessage[];
}

/** What a late reply needs to reach the sender again. */
export type WecomReplyHint =
  | { kind: 'app'; userId: string }
  | { kind: 'aibot'; responseUrl?: string; chatId?: string; userId: string }
  | { kind: 'kf'; openKfid: string; externalUserId: string };
