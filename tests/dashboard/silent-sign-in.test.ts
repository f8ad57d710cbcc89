// Silent sign-in inside the chat apps' own browsers, against the fake WeCom and DingTalk servers on 127.0.0.1:
// WeCom web OAuth (snsapi_base → auth/getuserinfo) and DingTalk's in-app 免登 code (→ topapi/v2/user/getuserinfo).
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk-server.js';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-server.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dingtalkEnv } from '../dingtalk/util.js';
import { wecomEnv } from '../wecom/util.js';

const WECOM_UA = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36 wxwork/4.1.22 MicroMessenger/7.0.1';
const DINGTALK_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 AliApp(DingTalk/7.5.0) Channel/201200';

let t: TestApp | undefined;
let wecom: FakeWecom | undefined;
let dingtalk: FakeDingtalk | undefined;
afterEach(async () => {
  await t?.close();
  await wecom?.close();
  await dingtalk?.close();
  t = wecom = dingtalk = undefined;
});

const cookieValue = (setCookie: unknown, name: string) => {
  const all = Array.isArray(setCookie) ? setCookie : [String(setCookie)];
  return all.map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${name}=`));
};

describe('silent sign-in in the chat apps', () => {
  it('WeCom: the board opened inside WeCom signs its member in through web OAuth', async () => {
    wecom = await startFakeWecom();
    t = await buildTestApp({ env: wecomEnv(wecom.url, { WECOM_OAUTH_BASE: wecom.url, PUBLIC_URL: 'https://duty.example.com' }) });
    await t.stores.people.create({ name: '吴刚', role: 'supervisor', team: null, phone: null, accounts: { wecom: 'wugang' } });
    const app = t.app;
    const get = (url: string, cookie?: string) => app.inject({ method: 'GET', url, headers: { 'user-agent': WECOM_UA, ...(cookie ? { cookie } : {}) } });

    const board = await get('/dashboard');
    expect([board.statusCode, board.headers.location]).toEqual([303, '/dashboard/login/start']);
    const start = await get('/dashboard/login/start');
    expect(start.statusCode).toBe(302);
    const authorize = new URL(String(start.headers.location));
    expect(authorize.origin + authorize.pathname).toBe(`${wecom.url}/connect/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ appid: 'wwfakecorp', scope: 'snsapi_base', response_type: 'code', agentid: '1000002', redirect_uri: 'https://duty.example.com/dashboard/login/wecom' });
    expect(authorize.hash).toBe('#wechat_redirect');
    const state = cookieValue(start.headers['set-cookie'], 'dutydesk_sso')!;
    expect(state).toBeDefined();

    // WeCom's browser follows the authorize page back to us with a one-time code.
    const follow = async () => {
      const res = await fetch(authorize.toString().replace(/#.*$/, ''), { redirect: 'manual' });
      expect(res.status).toBe(302);
      const back = new URL(res.headers.get('location')!);
      return back.pathname + back.search;
    };
    wecom.oauthUser = 'wugang';
    const back = await follow();
    expect(back).toMatch(/^\/dashboard\/login\/wecom\?code=code-[\w-]+&state=/);
    // The code comes back to another browser (no state cookie): refused.
    expect((await get(back)).statusCode).toBe(400);
    const signed = await get(back, state);
    expect([signed.statusCode, signed.headers.location]).toEqual([303, '/dashboard']);
    const session = cookieValue(signed.headers['set-cookie'], 'dutydesk_session')!;
    const page = await get('/dashboard', session);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('吴刚（主管）');
    // The request without the state cookie never reached WeCom.
    expect(wecom.requests.filter((r) => r.endpoint === 'userinfo')).toHaveLength(1);
    // The code works once.
    const again = await get(back, state);
    expect(again.statusCode).toBe(403);
    expect(again.body).toContain('未能确认您的身份');

    // A member who is not in the directory, and a WeChat user outside the company (openid only): no dashboard.
    wecom.oauthUser = 'stranger';
    const unknown = await get(await follow(), state);
    expect(unknown.statusCode).toBe(403);
    expect(unknown.body).toContain('不在值班台的人员名单中');
    wecom.oauthUser = null;
    expect((await get(await follow(), state)).statusCode).toBe(403);
    // An ordinary browser still gets the hint to send 登录.
    const plain = await app.inject({ method: 'GET', url: '/dashboard' });
    expect(plain.statusCode).toBe(401);
  });

  it('DingTalk: the page asks the app for a 免登 code; the code names the staff member', async () => {
    dingtalk = await startFakeDingtalk({ appSecret: 'app-secret-for-tests' });
    t = await buildTestApp({ env: dingtalkEnv(dingtalk.url, { DINGTALK_CORP_ID: 'dingcorp123', DINGTALK_JSAPI_URL: 'https://intranet.example.com/dingtalk.open.js' }) });
    await t.stores.people.create({ name: '吴刚', role: 'lead', team: '工程', phone: null, accounts: { dingtalk: 'staff-0042' } });
    const resident = await t.stores.people.create({ name: '住户甲', role: 'resident', team: null, phone: null, accounts: { dingtalk: 'staff-0099' } });
    expect(resident.role).toBe('resident');
    const get = (url: string, cookie?: string) => t!.app.inject({ method: 'GET', url, headers: { 'user-agent': DINGTALK_UA, ...(cookie ? { cookie } : {}) } });

    const start = await get('/dashboard/login');
    expect(start.headers.location).toBe('/dashboard/login/start');
    const page = await get('/dashboard/login/start');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<script src="https://intranet.example.com/dingtalk.open.js"></script>');
    expect(page.body).toContain('requestAuthCode({corpId:"dingcorp123"');
    expect(page.body).toContain('"http://127.0.0.1:3000/dashboard/login/dingtalk"');
    const state = cookieValue(page.headers['set-cookie'], 'dutydesk_sso')!;
    const stateValue = state.split('=')[1]!;

    dingtalk.authCodes.set('authcode-1', 'staff-0042');
    const signed = await get(`/dashboard/login/dingtalk?code=authcode-1&state=${stateValue}`, state);
    expect([signed.statusCode, signed.headers.location]).toEqual([303, '/dashboard']);
    const session = cookieValue(signed.headers['set-cookie'], 'dutydesk_session')!;
    expect((await get('/dashboard', session)).body).toContain('吴刚（组长');
    expect((await get(`/dashboard/login/dingtalk?code=authcode-1&state=${stateValue}`, state)).statusCode).toBe(403);
    dingtalk.authCodes.set('authcode-2', 'staff-0099');
    expect((await get(`/dashboard/login/dingtalk?code=authcode-2&state=${stateValue}`, state)).statusCode).toBe(403);
    expect((await get('/dashboard/login/nowhere?code=x&state=y', state)).statusCode).toBe(404);
  });

  it('without DINGTALK_CORP_ID there is no silent sign-in in DingTalk: the link from chat as usual', async () => {
    dingtalk = await startFakeDingtalk({ appSecret: 'app-secret-for-tests' });
    t = await buildTestApp({ env: dingtalkEnv(dingtalk.url) });
    const res = await t.app.inject({ method: 'GET', url: '/dashboard', headers: { 'user-agent': DINGTALK_UA } });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('发送「登录」');
  });
});
