// Shared WeCom test data: the official vectors (docs/wecom.md#test-vectors), keys for our own tenant, and callback builders.
import { encrypt, getSignature } from '@wecom/crypto';
import { fixedClock, type ManualClock } from '../../src/clock.js';
import { buildTestApp, REFERENCE_TIME, REPAIR_TEXT, type TestApp } from '../helpers/app.js';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-server.js';

export { REPAIR_TEXT } from '../helpers/app.js';

export const SET_A = {
  token: 'QDG6eK',
  key: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wx5823bf96d3bd56c7',
  get: {
    msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    timestamp: '1409659589',
    nonce: '263014780',
    echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
    plain: '1616140317555161061',
  },
  post: {
    msg_signature: '477715d11cdb4164915debcba66cb864d751f3e6',
    timestamp: '1409659813',
    nonce: '1372623149',
    encrypt:
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
    agentId: '218',
    plain:
      '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>',
  },
  json: {
    msg_signature: '1f3153b7abd0ba99b4ab2e57fac2376110d03a3c',
    timestamp: '1409659813',
    nonce: '1372623149',
    body: '{"ToUserName":"wx5823bf96d3bd56c7","Encrypt":"pvXgeha3nZ7UQ2DG3WD3IVsNJR38QVl1+h+wmLQHIAwEG3Jey2aTZtvAWzhEZ9JEKGwIUMBWX3JlUhfo7O7WbvI10vHIsdSNr1nr3LuOwAfnwLJAMQNDxi5tHUl08Op59jxOL73r8+g60KOxMTaFwXzlr9Yxgq5ey5nzNb/2vDjjvDZNXkJVmL/XWnv6PXrVbTpNxphqWRv2BpPYqvwRMkHgdFliatljMVlkkRHS40FOHmtBhj/4RXtIexfDx8opBXwi0L9RTlYNQzGx+FA+74xVHG7Le/pmNDwc2Ri5mbw=","AgentID":218}',
  },
} as const;

export const SET_B = {
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  key: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  corpId: 'ww1436e0e65a779aee',
  get: {
    msg_signature: '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb',
    timestamp: '1476416373',
    nonce: '47744683',
    echostr: 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==',
    plain: '1288432023552776189',
  },
  post: {
    msg_signature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48e',
    timestamp: '1476422779',
    nonce: '1597212914',
    encrypt:
      'Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+',
    agentId: '1000002',
    plain:
      '<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>',
  },
  json: {
    msg_signature: 'e3647471e395139e2308c1fa963f2d648a00b90e',
    timestamp: '1409659813',
    nonce: '1372623149',
    encrypt:
      'cjhLUX7UU4yCSelv1vz7T0zT8huF51bAMVWriNvO1FMegHrQZNrtvRxbwf0fUPsFvwqR0U0fgiJNEA5Y30F2MoI2S7vv3EjVQ68C0cjw9frBoUE2Hj0BvFp9h3u6Vbsg4lc1C8AtHdaN8orKuNKkLRLuYEL52R1J3v8olJGZRLnRdVKIivixmX/eQpzgeExtp20jI1HxRP1AAZ6xZoILdqDPO549LO4WeG+685JRUTdiwcY5fjZlqeMxuT4PpMn1X9OWsS7NRj06Wa5E3Tvg4twjWp39KPfOdRte6P1T4JU=',
  },
} as const;

/** Our own test tenant. */
export const CORP_ID = 'wwfakecorp';
export const SECRET = 'fake-secret';
export const TOKEN = 'cbToken123';
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const AGENT_ID = '1000002';
export const AIBOT_TOKEN = 'aibotToken9';
export const AIBOT_KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut';
export const HOOK_KEY = 'hook-key-0000';
export const KFID = 'wkFAKEkf0001';

export function wecomEnv(fakeUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    WECOM_CORP_ID: CORP_ID,
    WECOM_TOKEN: TOKEN,
    WECOM_ENCODING_AES_KEY: AES_KEY,
    WECOM_AGENT_ID: AGENT_ID,
    WECOM_SECRET: SECRET,
    WECOM_AIBOT_TOKEN: AIBOT_TOKEN,
    WECOM_AIBOT_ENCODING_AES_KEY: AIBOT_KEY,
    WECOM_GROUP_WEBHOOK_KEY: HOOK_KEY,
    WECOM_KF_OPEN_KFID: KFID,
    WECOM_API_BASE: fakeUrl,
    BODY_LIMIT_BYTES: '8192',
    ...extra,
  };
}

/**
 * The full app with our WeCom tenant configured against a fake WeCom (a new one on the app's clock unless `opts.fake`
 * is given). close() closes the app, and the fake when this call started it.
 */
export async function setup(extraEnv: Record<string, string> = {}, opts: { dbFile?: string; fake?: FakeWecom; clock?: ManualClock; httpTimeoutMs?: number } = {}) {
  const clock = opts.clock ?? fixedClock(REFERENCE_TIME);
  const fake = opts.fake ?? (await startFakeWecom({ corpId: CORP_ID, secret: SECRET, webhookKey: HOOK_KEY, now: () => clock.now() }));
  const t = await buildTestApp({ clock, env: wecomEnv(fake.url, extraEnv), dbFile: opts.dbFile, httpTimeoutMs: opts.httpTimeoutMs });
  const close = async () => {
    await t.close();
    if (!opts.fake) await fake.close();
  };
  return { t, fake, clock, close };
}

/** An app message plaintext (XML) as WeCom sends it. */
export function textXml(o: { from?: string; text: string; msgId?: string; createTime?: number }): string {
  return `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[${o.from ?? 'zhangsan'}]]></FromUserName><CreateTime>${o.createTime ?? 1795395600}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${o.text}]]></Content><MsgId>${o.msgId ?? 'CAIQg/PKxgYY2sC9tpuAgAMg9/zKaw=='}</MsgId><AgentID>${AGENT_ID}</AgentID></xml>`;
}

export interface Signed {
  query: string;
  body: string;
}

/** Encrypts and signs a plaintext the way WeCom does: XML envelope (app) or {"encrypt"} (AI bot). */
export function signedCallback(plain: string, o: { token?: string; key?: string; receiveId?: string; json?: boolean; timestamp?: string; nonce?: string } = {}): Signed {
  const token = o.token ?? TOKEN;
  const enc = encrypt(o.key ?? AES_KEY, plain, o.receiveId ?? CORP_ID);
  const timestamp = o.timestamp ?? '1795395600';
  const nonce = o.nonce ?? String(Math.floor(Math.random() * 1e9));
  const sig = getSignature(token, timestamp, nonce, enc);
  const query = new URLSearchParams({ msg_signature: sig, timestamp, nonce }).toString();
  const body = o.json ? JSON.stringify({ encrypt: enc }) : `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName>\n<Encrypt><![CDATA[${enc}]]></Encrypt>\n<AgentID><![CDATA[${AGENT_ID}]]></AgentID>\n</xml>`;
  return { query, body };
}

export const postCallback = (t: TestApp, s: Signed, path = '/wecom/callback') =>
  t.app.inject({ method: 'POST', url: `${path}?${s.query}`, headers: { 'content-type': path === '/wecom/aibot' ? 'application/json' : 'text/xml' }, payload: s.body });

/** Signed aibot callback. */
export function aibotCallback(payload: unknown): Signed {
  return signedCallback(JSON.stringify(payload), { token: AIBOT_TOKEN, key: AIBOT_KEY, receiveId: '', json: true });
}

/** The callback WeCom posts when a 微信客服 account has news: the sync token to pull it with. */
export const kfEvent = (token: string, createTime = 1795395700) =>
  `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event><Token><![CDATA[${token}]]></Token><OpenKfId><![CDATA[${KFID}]]></OpenKfId></xml>`;
/** A customer's text message (number n) as kf/sync_msg returns it. */
export const customer = (n: number, text: string) => ({ msgid: `kfmsg-${n}`, open_kfid: KFID, external_userid: 'wmResident0001', send_time: 1795395600 + n, origin: 3, msgtype: 'text', text: { content: text } });

/** One customer message (`text`) waiting in the fake 微信客服, to be pulled with the sync token SYNC1. */
export function customerWaiting(fake: FakeWecom, text = REPAIR_TEXT): void {
  fake.kfTokens.add('SYNC1');
  fake.kfMessages.push(customer(1, text));
}
