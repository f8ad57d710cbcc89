// Shared DingTalk test data and set-up: the app on a fresh database talking to a fake DingTalk, robot payloads
// shaped like the official examples, and signed callback headers.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { fixedClock, type ManualClock } from '../../src/clock.js';
import type { TestApp } from '../helpers/app.js';
import { buildTestApp, REFERENCE_TIME } from '../helpers/app.js';
import { signOf, startFakeDingtalk } from '../fakes/dingtalk-server.js';

export { REPAIR_TEXT } from '../helpers/app.js';

export const APP_KEY = 'dingappkey';
export const APP_SECRET = 'app-secret-for-tests';
export const ROBOT_CODE = 'dingappkey';
/** 加签 secret of the custom group robot. */
export const GROUP_SECRET = 'SEC0123456789abcdef';
/** Token and AES key of the event subscription (HTTP mode). */
export const EVENT_KEYS = { token: 'evtToken123', aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7' } as const;

/** DINGTALK_* of our robot app. */
const ROBOT_APP_ENV = { DINGTALK_APP_KEY: APP_KEY, DINGTALK_APP_SECRET: APP_SECRET, DINGTALK_ROBOT_CODE: ROBOT_CODE };

/** DINGTALK_* for our robot app against a fake DingTalk at `fakeUrl`. */
export const dingtalkEnv = (fakeUrl: string, extra: Record<string, string> = {}): Record<string, string> => ({ ...ROBOT_APP_ENV, DINGTALK_API_BASE: fakeUrl, DINGTALK_OAPI_BASE: fakeUrl, ...extra });

export interface DingtalkSetupOptions {
  /** Also configure the custom group robot (webhook on the fake, signed with GROUP_SECRET). */
  groupRobot?: boolean;
  /** Also configure the event subscription (EVENT_KEYS). */
  events?: boolean;
  clock?: ManualClock;
  /** Per-request timeout of the app's DingTalk client (short, for a fake that answers late). */
  httpTimeoutMs?: number;
}

/**
 * The full app on a fresh database with our DingTalk robot app configured against a fake DingTalk that runs
 * on the app's clock. close() closes both.
 */
export async function setup(extraEnv: Record<string, string> = {}, opts: DingtalkSetupOptions = {}) {
  const clock = opts.clock ?? fixedClock(REFERENCE_TIME);
  const fake = await startFakeDingtalk({ appKey: APP_KEY, appSecret: APP_SECRET, robotCode: ROBOT_CODE, webhookSecret: opts.groupRobot ? GROUP_SECRET : undefined, now: () => clock.now() });
  const groupEnv: Record<string, string> = opts.groupRobot ? { DINGTALK_GROUP_WEBHOOK: fake.webhookUrl(), DINGTALK_GROUP_SECRET: GROUP_SECRET } : {};
  const eventsEnv: Record<string, string> = opts.events ? { DINGTALK_EVENT_TOKEN: EVENT_KEYS.token, DINGTALK_EVENT_AES_KEY: EVENT_KEYS.aesKey } : {};
  const t = await buildTestApp({ clock, env: dingtalkEnv(fake.url, { ...groupEnv, ...eventsEnv, ...extraEnv }), httpTimeoutMs: opts.httpTimeoutMs });
  const close = async () => {
    await t.close();
    await fake.close();
  };
  return { t, fake, clock, close };
}

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

/** A delivery answered with its ticket, then the platform's retry of it: answered empty, nothing new stored. */
export async function expectRetryAnsweredEmpty(t: TestApp, first: { json(): { text: { content: string } } }, again: { statusCode: number; json(): unknown }) {
  expect(first.json().text.content).toContain('#1');
  expect(again.statusCode).toBe(200);
  expect(again.json()).toEqual({ msgtype: 'empty' });
  expect(await t.prisma.ticket.count()).toBe(1);
  expect(await t.stores.inbound.count()).toBe(1);
}
