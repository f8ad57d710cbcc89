// The WeCom slice of the configuration (WECOM_* keys). Each part is enabled only when its group is complete.
import { aesKey, ConfigError, group, int, oneOf, str, url, type Env } from '../../config-read.js';

export interface WecomAppConfig {
  corpId: string;
  token: string;
  encodingAesKey: string;
  agentId: number;
  secret: string;
}
export interface WecomAibotConfig {
  mode: 'callback' | 'long';
  token?: string;
  encodingAesKey?: string;
  botId?: string;
  secret?: string;
  wsUrl?: string;
}
export interface WecomConfig {
  apiBase: string;
  /** #14 web OAuth (the dashboard's silent sign-in in WeCom's browser). */
  oauthBase: string;
  app?: WecomAppConfig;
  aibot?: WecomAibotConfig;
  groupWebhookKey?: string;
  webhookBase: string;
  kfOpenKfid?: string;
}

export function readWecomConfig(env: Env): WecomConfig {
  const app = group(env, ['WECOM_CORP_ID', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY', 'WECOM_AGENT_ID', 'WECOM_SECRET'], () => ({
    corpId: str(env, 'WECOM_CORP_ID')!,
    token: str(env, 'WECOM_TOKEN')!,
    encodingAesKey: aesKey(env, 'WECOM_ENCODING_AES_KEY')!,
    agentId: int(env, 'WECOM_AGENT_ID', 0, 1),
    secret: str(env, 'WECOM_SECRET')!,
  }));
  const aibotMode = oneOf(env, 'WECOM_AIBOT_MODE', ['callback', 'long'] as const, 'callback');
  const aibot =
    aibotMode === 'long'
      ? group(env, ['WECOM_AIBOT_BOT_ID', 'WECOM_AIBOT_SECRET'], () => ({
          mode: 'long' as const,
          botId: str(env, 'WECOM_AIBOT_BOT_ID')!,
          secret: str(env, 'WECOM_AIBOT_SECRET')!,
          wsUrl: str(env, 'WECOM_AIBOT_WS_URL'),
        }))
      : group(env, ['WECOM_AIBOT_TOKEN', 'WECOM_AIBOT_ENCODING_AES_KEY'], () => ({
          mode: 'callback' as const,
          token: str(env, 'WECOM_AIBOT_TOKEN')!,
          encodingAesKey: aesKey(env, 'WECOM_AIBOT_ENCODING_AES_KEY')!,
        }));
  const kfOpenKfid = str(env, 'WECOM_KF_OPEN_KFID');
  if (kfOpenKfid && !app) throw new ConfigError('WECOM_KF_OPEN_KFID', '需要先配置自建应用（WECOM_CORP_ID 等）', 'requires the self-built app keys (WECOM_CORP_ID …)');
  return {
    apiBase: url(env, 'WECOM_API_BASE', 'https://qyapi.weixin.qq.com')!,
    oauthBase: url(env, 'WECOM_OAUTH_BASE', 'https://open.weixin.qq.com')!,
    webhookBase: url(env, 'WECOM_WEBHOOK_BASE', url(env, 'WECOM_API_BASE', 'https://qyapi.weixin.qq.com'))!,
    app,
    aibot,
    groupWebhookKey: str(env, 'WECOM_GROUP_WEBHOOK_KEY'),
    kfOpenKfid,
  };
}

/** Some part of WeCom is set up (the console then stays off unless CONSOLE_ENABLED says otherwise). */
export const wecomConfigured = (c: WecomConfig) => !!(c.app || c.aibot || c.groupWebhookKey);
