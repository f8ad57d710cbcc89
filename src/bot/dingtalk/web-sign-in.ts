// #14 silent sign-in to the dashboard inside DingTalk: the page asks the app for a 免登 code with the JSAPI
// (dd.runtime.permission.requestAuthCode, needs the organisation's corpId), and topapi/v2/user/getuserinfo turns the
// code into the member's userid (the staffId the robot knows).
//   docs: https://open.dingtalk.com/document/orgapp/obtain-the-userid-of-a-user-by-using-the-log-free
import { isObject, platformHttp } from '../http-client.js';
import type { WebSignIn } from '../channel.js';
import type { DingtalkClient } from './client.js';
import type { DingtalkConfig } from './config.js';

const js = (v: string) => JSON.stringify(v).replace(/</g, '\\u003c');

export function dingtalkWebSignIn(deps: { config: DingtalkConfig; client: DingtalkClient; provider: string; timeoutMs?: number }): WebSignIn | undefined {
  const sso = deps.config.webSignIn;
  if (!sso || !deps.config.robot) return undefined;
  const http = platformHttp({ timeoutMs: deps.timeoutMs, maxContentLength: 64 * 1024 });
  return {
    inApp: (ua) => /DingTalk/i.test(ua),
    start(returnUrl, state) {
      const go = `function(r){location.replace(${js(returnUrl)}+'?code='+encodeURIComponent(r.code)+'&state='+${js(encodeURIComponent(state))})}`;
      const fail = `function(){document.getElementById('sso').textContent='钉钉免登失败，请私聊值班台机器人发送「登录」获取登录链接。'}`;
      const html = `<p id="sso">正在通过钉钉登录…</p><script src="${sso.jsapiUrl}"></script>
<script>dd.ready(function(){dd.runtime.permission.requestAuthCode({corpId:${js(sso.corpId)},onSuccess:${go},onFail:${fail}})})</script>`;
      return { html };
    },
    async identifyWebCode(code) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const token = await deps.client.accessToken({ force: attempt > 0 });
        const res = await http.post(`${deps.config.oapiBase}/topapi/v2/user/getuserinfo?access_token=${encodeURIComponent(token)}`, { code });
        const d = isObject(res.data) ? res.data : {};
        // 40014 / 42001 / 88: the token is no longer valid — fetched again, asked once more.
        if ([40014, 42001, 88].includes(Number(d.errcode)) && attempt === 0) continue;
        const userid = d.errcode === 0 && isObject(d.result) ? d.result.userid : undefined;
        return typeof userid === 'string' && userid ? { provider: deps.provider, externalId: userid } : null;
      }
      return null;
    },
  };
}
