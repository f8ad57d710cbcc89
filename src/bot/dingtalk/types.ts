// Raw DingTalk robot payloads (HTTP callback body = Stream CALLBACK `data`), discriminated on `msgtype`.
// https://open.dingtalk.com/document/development/receive-message
// https://open.dingtalk.com/document/development/robot-message-type   (docs/dingtalk.md#robot-message-payload)

/** 被 @ 的用户 */
export interface DingtalkAtUser {
  dingtalkId: string; // 加密的钉钉 ID（机器人自己的 dingtalkId 等于 chatbotUserId）
  staffId?: string; // 企业内部员工的 userId；外部联系人为空
  unionId?: string; // unionId（新版本返回）
}

/** 所有机器人消息共有的字段 */
export interface DingtalkRobotBase {
  msgtype: string; // 消息类型：text / richText / picture / audio / video / file …
  msgId: string; // 加密的消息 ID，用于去重
  createAt?: number | string; // 消息时间戳，单位毫秒（文档写 String，实际为 Number）
  conversationType: '1' | '2' | string; // 1：单聊 2：群聊（字符串）
  conversationId: string; // 会话 ID；群聊时即 openConversationId
  conversationTitle?: string; // 群聊标题（仅群聊）
  senderId: string; // 加密的发送者 ID，不能当 userId 使用
  senderNick?: string; // 发送者昵称
  senderStaffId?: string; // 发送者在企业内的 userId（机器人发布后才返回；外部成员为空）
  senderCorpId?: string; // 发送者所在企业的 corpId（企业内部群）
  senderUnionId?: string; // 发送者 unionId
  senderPlatform?: string; // 发送端平台，如 Mac / Win / iOS
  sessionWebhook?: string; // 当前会话的临时 Webhook 地址，用于回复
  sessionWebhookExpiredTime?: number; // sessionWebhook 过期时间，毫秒时间戳（约 90 分钟）
  chatbotUserId?: string; // 加密的机器人 ID
  chatbotCorpId?: string; // 机器人所属企业的 corpId
  robotCode?: string; // 机器人编码；企业内部应用机器人等于 AppKey；自定义机器人无此字段
  isAdmin?: boolean; // 发送者是否管理员（发布后才返回）
  isInAtList?: boolean; // 机器人是否在 @ 列表中
  atUsers?: DingtalkAtUser[]; // 被 @ 的用户列表（通常也包含机器人自己）
  openThreadId?: string; // 话题 ID（2026 年起出现，等于 conversationId）
}

/** 文本消息 */
export interface DingtalkTextMessage extends DingtalkRobotBase {
  msgtype: 'text';
  text: { content: string }; // 文本内容（机器人自己的 @ 已被钉钉去掉，常带前导空格）
}

/** 富文本中的一段 */
export type DingtalkRichTextPart =
  | { text: string; type?: 'text' } // 文字段
  | { type: 'picture'; downloadCode: string; pictureDownloadCode?: string } // 图片段：下载码
  | { type: string; [key: string]: unknown }; // 其他（如 at）

/** 富文本消息（图文混排） */
export interface DingtalkRichTextMessage extends DingtalkRobotBase {
  msgtype: 'richText';
  content: { richText: DingtalkRichTextPart[] }; // 富文本内容，按顺序排列
}

/** 图片消息 */
export interface DingtalkPictureMessage extends DingtalkRobotBase {
  msgtype: 'picture';
  content: { downloadCode: string; pictureDownloadCode?: string }; // 图片下载码（配合 robotCode 换取临时下载地址）
}

/** 语音消息 */
export interface DingtalkAudioMessage extends DingtalkRobotBase {
  msgtype: 'audio';
  content: { downloadCode: string; duration?: number; recognition?: string }; // 下载码、时长（毫秒）、语音识别文本
}

/** 视频消息 */
export interface DingtalkVideoMessage extends DingtalkRobotBase {
  msgtype: 'video';
  content: { downloadCode: string; duration?: number; videoType?: string }; // 下载码、时长、视频格式
}

/** 文件消息 */
export interface DingtalkFileMessage extends DingtalkRobotBase {
  msgtype: 'file';
  content: { downloadCode: string; fileName?: string }; // 下载码、文件名
}

export type DingtalkRobotMessage =
  | DingtalkTextMessage
  | DingtalkRichTextMessage
  | DingtalkPictureMessage
  | DingtalkAudioMessage
  | DingtalkVideoMessage
  | DingtalkFileMessage;

/** What decode keeps in IncomingMessage.replyHint; read only by this adapter's client. */
export interface DingtalkReplyHint {
  sessionWebhook?: string; // 会话临时回复地址
  sessionWebhookExpiredTime?: number; // 过期时间（毫秒）
  conversationType: '1' | '2'; // 1 单聊 / 2 群聊
  conversationId: string; // 群聊时即 openConversationId
  robotCode?: string; // 机器人编码
  senderStaffId?: string; // 单聊回退到 batchSend 时的接收人 userId
}

// ---- Event subscription (事件订阅 HTTP 推送) -------------------------------------------------

/** 加密推送的请求体 */
export interface DingtalkEncryptedBody {
  encrypt: string; // Base64 密文
}

/** 解密后的事件（字段随事件类型变化） */
export interface DingtalkEvent {
  EventType: string; // 事件类型，如 check_url、user_add_org
  TimeStamp?: string | number; // 事件时间
  [key: string]: unknown;
}

/** 加密的 success 应答 */
export interface DingtalkEncryptedAnswer {
  msg_signature: string; // 签名：sha1(sort(token, timeStamp, nonce, encrypt))
  timeStamp: string; // 时间戳
  nonce: string; // 随机串
  encrypt: string; // "success" 的密文
}

// ---- Outgoing bodies ----------------------------------------------------------------------

/** @ 设置（自定义机器人 / sessionWebhook） */
export interface DingtalkAt {
  atUserIds?: string[]; // 被 @ 的 userId
  atMobiles?: string[]; // 被 @ 的手机号
  isAtAll?: boolean; // 是否 @ 所有人
}

/** 自定义机器人 / sessionWebhook / 同步应答的消息体 */
export type DingtalkWebhookBody =
  | { msgtype: 'text'; text: { content: string }; at?: DingtalkAt }
  | { msgtype: 'markdown'; markdown: { title: string; text: string }; at?: DingtalkAt }
  | { msgtype: 'empty' };

/** 机器人 OpenAPI 的模板消息（msgParam 是 JSON 字符串） */
export interface DingtalkTemplateBody {
  msgKey: 'sampleText' | 'sampleMarkdown';
  msgParam: string;
}
