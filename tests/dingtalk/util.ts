// Shared DingTalk test data: robot payloads shaped like the official examples, and signed callback headers.
import { randomUUID } from 'node:crypto';
import { signOf } from '../fakes/dingtalk-server.js';

export const APP_KEY = 'dingappkey';
export const APP_SECRET = 'app-secret-for-tests';
export const ROBOT_CODE = 'dingappkey';

export interface RobotOpts {
  text?: string;
  msgId?: string;
  group?: boolean;
  staffId?: string;
  nick?: string;
  createAt: number;
  sessionWebhook?: string;
  /** sessionWebhookExpiredTime; default createAt + 90 min. */
  expires?: number;
  conversationId?: string;
}

export function robotText(o: RobotOpts): Record<string, unknown> {
  const group = o.group ?? true;
  return {
    conversationId: o.conversationId ?? (group ? 'cidGroupAbc123==' : 'cidDirectXyz789=='),
    atUsers: group ? [{ dingtalkId: '$:LWCP_v1:$botbotbot' }] : [],
    chatbotCorpId: 'dinge8a565a8ab4edc1',
    chatbotUserId: '$:LWCP_v1:$botbotbot',
    msgId: o.msgId ?? `msg${randomUUID()}`,
    senderNick: o.nick ?? '张伟',
    isAdmin: false,
    senderStaffId: o.staffId ?? 'zhangwei01',
    sessionWebhookExpiredTime: o.expires ?? o.createAt + 5_400_000,
    createAt: o.createAt,
    senderCorpId: 'dinge8a565a8ab4edc1',
    conversationType: group ? '2' : '1',
    senderId: '$:LWCP_v1:$senderSender==',
    ...(group ? { conversationTitle: '物业值班群', isInAtList: true } : {}),
    sessionWebhook: o.sessionWebhook ?? 'https://oapi.dingtalk.com/robot/sendBySession?session=abc',
    text: { content: ` ${o.text ?? '你好'}` },
    robotCode: ROBOT_CODE,
    msgtype: 'text',
  };
}

/** timestamp + sign headers as DingTalk sends them. */
export function signedHeaders(now: Date, secret = APP_SECRET): Record<string, string> {
  const timestamp = String(now.getTime());
  return { timestamp, sign: signOf(timestamp, secret), 'content-type': 'application/json; charset=utf-8' };
}

export const REPAIR_TEXT = '报修 3栋2单元1502 厨房水管漏水';
