// #14 silent sign-in to the dashboard inside WeCom's browser: web OAuth with scope snsapi_base (no consent page) gives
// a one-time code on our return address; auth/getuserinfo turns it into the member's userid.
//   docs: https://developer.work.weixin.qq.com/document/path/91022 (authorize), /91023 (auth/getuserinfo)
import { isObject, platformHttp } from '../http-client.js';
import type { WebSignIn } from '../channel.js';
import type { WecomClient } from './client.js';
import type { WecomConfig } from './config.js';

/** auth/getuserinfo: the code is invalid, used or expired (codes live 5 minutes, once). */
const BAD_CODE = new Set([40029, 50001]);

export function wecomWebSignIn(deps: { config: WecomConfig; client: WecomClient; provider: string; timeoutMs?: number }): WebSignIn | undefined {
  const app = deps.config.app;
  if (!app) return undefined;
  const http = platformHttp({ timeoutMs: deps.timeoutMs, maxContentLength: 64 * 1024 });
  return {
    inApp: (ua) => /wxwork/i.test(ua),
    start(returnUrl, state) {
      const q = new URLSearchParams({ appid: app.corpId, redirect_uri: returnUrl, response_type: 'code', scope: 'snsapi_base', state, agentid: String(app.agentId) });
      return { redirect: `${deps.config.oauthBase}/connect/oauth2/authorize?${q}#wechat_redirect` };
    },
    async identifyWebCode(code) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const token = await deps.client.accessToken({ force: attempt > 0 });
        const q = new URLSearchParams({ access_token: token, code });
        const res = await http.get(`${deps.config.apiBase}/cgi-bin/auth/getuserinfo?${q}`);
        const d = isObject(res.data) ? res.data : {};
        const errcode = typeof d.errcode === 'number' ? d.errcode : res.status === 200 ? 0 : -1;
        // An expired token: fetched again, asked once more.
        if ([40014, 42001, 40001].includes(errcode) && attempt === 0) continue;
        if (errcode !== 0 || BAD_CODE.has(errcode)) return null;
        // Members have a userid; a WeChat user outside the company gets only an openid: no dashboard.
        return typeof d.userid === 'string' && d.userid ? { provider: deps.provider, externalId: d.userid } : null;
      }
      return null;
    },
  };
}
