// The DingTalk slice of the configuration (DINGTALK_* keys). Each part is enabled only when its group is complete.
import { aesKey, ConfigError, group, oneOf, str, url, type Env } from '../../config-read.js';

export interface DingtalkConfig {
  apiBase: string;
  oapiBase: string;
  robot?: { appKey: string; appSecret: string; robotCode: string; mode: 'http' | 'stream' };
  events?: { token: string; aesKey: string; ownerKey: string };
  groupWebhook?: { url: string; secret?: string };
  /** #14 silent dashboard sign-in in DingTalk (DINGTALK_CORP_ID; the JSAPI script from DINGTALK_JSAPI_URL). */
  webSignIn?: { corpId: string; jsapiUrl: string };
}

export function readDingtalkConfig(env: Env): DingtalkConfig {
  const mode = oneOf(env, 'DINGTALK_MODE', ['http', 'stream'] as const, 'http');
  const robot = group(env, ['DINGTALK_APP_KEY', 'DINGTALK_APP_SECRET', 'DINGTALK_ROBOT_CODE'], () => ({
    appKey: str(env, 'DINGTALK_APP_KEY')!,
    appSecret: str(env, 'DINGTALK_APP_SECRET')!,
    robotCode: str(env, 'DINGTALK_ROBOT_CODE')!,
    mode,
  }));
  if (mode === 'stream' && !robot) {
    throw new ConfigError('DINGTALK_MODE', 'stream 模式需要设置 DINGTALK_APP_KEY、DINGTALK_APP_SECRET、DINGTALK_ROBOT_CODE', 'stream requires DINGTALK_APP_KEY, DINGTALK_APP_SECRET and DINGTALK_ROBOT_CODE');
  }
  const events = group(env, ['DINGTALK_EVENT_TOKEN', 'DINGTALK_EVENT_AES_KEY'], () => {
    const ownerKey = str(env, 'DINGTALK_EVENT_OWNER_KEY') ?? robot?.appKey;
    if (!ownerKey) throw new ConfigError('DINGTALK_EVENT_OWNER_KEY', '未设置 DINGTALK_APP_KEY 时必须设置', 'is required when DINGTALK_APP_KEY is not set');
    return { token: str(env, 'DINGTALK_EVENT_TOKEN')!, aesKey: aesKey(env, 'DINGTALK_EVENT_AES_KEY')!, ownerKey };
  });
  const webhook = url(env, 'DINGTALK_GROUP_WEBHOOK');
  const secret = str(env, 'DINGTALK_GROUP_SECRET');
  const corpId = str(env, 'DINGTALK_CORP_ID');
  if (secret && !webhook) throw new ConfigError('DINGTALK_GROUP_SECRET', '需要同时设置 DINGTALK_GROUP_WEBHOOK', 'requires DINGTALK_GROUP_WEBHOOK');
  return {
    apiBase: url(env, 'DINGTALK_API_BASE', 'https://api.dingtalk.com')!,
    oapiBase: url(env, 'DINGTALK_OAPI_BASE', 'https://oapi.dingtalk.com')!,
    robot,
    events,
    groupWebhook: webhook ? { url: webhook, secret } : undefined,
    webSignIn: corpId ? { corpId, jsapiUrl: url(env, 'DINGTALK_JSAPI_URL', 'https://g.alicdn.com/dingding/dingtalk-jsapi/3.0.25/dingtalk.open.js')! } : undefined,
  };
}

/** Some part of DingTalk is set up. */
export const dingtalkConfigured = (c: DingtalkConfig) => !!(c.robot || c.events || c.groupWebhook);
