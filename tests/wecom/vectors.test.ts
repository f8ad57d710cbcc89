// The official WeCom test vectors (docs/wecom.md#test-vectors) through our crypto and through the real routes on the full app.
import { decrypt as wecomDecrypt } from '@wecom/crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WecomCrypto, WecomCryptoError, WXBIZ, unpad32 } from '../../src/bot/wecom/crypto.js';
import { parseXml } from '../../src/bot/wecom/xml.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { SET_A, SET_B } from './util.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const sets = { A: SET_A, B: SET_B } as const;

describe('crypto against the official vectors', () => {
  for (const [name, v] of Object.entries(sets)) {
    it(`set ${name}: GET echostr signature + decrypt + receiveid`, () => {
      const c = new WecomCrypto(v.token, v.key, v.corpId);
      expect(c.verify(v.get.msg_signature, v.get.timestamp, v.get.nonce, v.get.echostr)).toBe(true);
      expect(c.open(v.get.echostr).message).toBe(v.get.plain);
    });
    it(`set ${name}: POST signature + decrypt + byte-identical re-encryption`, () => {
      const c = new WecomCrypto(v.token, v.key, v.corpId);
      expect(c.verify(v.post.msg_signature, v.post.timestamp, v.post.nonce, v.post.encrypt)).toBe(true);
      const opened = c.open(v.post.encrypt);
      expect(opened.message).toBe(v.post.plain);
      expect(opened.receiveId).toBe(v.corpId);
      const again = c.seal(opened.message, v.post.timestamp, v.post.nonce, opened.random);
      expect(again.encrypt).toBe(v.post.encrypt);
      expect(again.signature).toBe(v.post.msg_signature);
    });
  }

  it('set A POST uses a 30-byte pad, which Node autoPadding would reject', () => {
    const raw = wecomDecrypt(SET_A.key, SET_A.post.encrypt);
    expect(Buffer.byteLength(raw.message)).toBe(284);
    expect(() => unpad32(Buffer.from([1, 2, 3, 3, 2]))).toThrow(WecomCryptoError);
    expect(unpad32(Buffer.concat([Buffer.from('abc'), Buffer.alloc(30, 30)])).toString()).toBe('abc');
  });

  it('set B-json: the signature matches, receiveid is set B corp; the JSON inside is malformed on purpose', () => {
    const c = new WecomCrypto(SET_B.token, SET_B.key, SET_B.corpId);
    expect(c.verify(SET_B.json.msg_signature, SET_B.json.timestamp, SET_B.json.nonce, SET_B.json.encrypt)).toBe(true);
    expect(c.open(SET_B.json.encrypt).message).toContain('"FromUserName": :mycreate"');
    // with set A's key it does not open
    expect(() => new WecomCrypto(SET_A.token, SET_A.key, SET_B.corpId).open(SET_B.json.encrypt)).toThrow(WecomCryptoError);
  });

  it('rejects a wrong receiveid (-40005), a tampered signature and bad base64', () => {
    const c = new WecomCrypto(SET_A.token, SET_A.key, 'wwsomeoneelse');
    try {
      c.open(SET_A.post.encrypt);
      expect.unreachable();
    } catch (err) {
      expect((err as WecomCryptoError).code).toBe(WXBIZ.receiveId);
    }
    const a = new WecomCrypto(SET_A.token, SET_A.key, SET_A.corpId);
    expect(a.verify(SET_A.post.msg_signature.replace(/^4/, '5'), SET_A.post.timestamp, SET_A.post.nonce, SET_A.post.encrypt)).toBe(false);
    expect(a.verify(SET_A.post.msg_signature, SET_A.post.timestamp, SET_A.post.nonce, `${SET_A.post.encrypt} `)).toBe(false);
    expect(() => a.open(SET_A.post.encrypt.replace(/\+/g, ' '))).toThrow(WecomCryptoError);
    expect(() => a.open(SET_A.post.encrypt.slice(0, 40))).toThrow(WecomCryptoError);
  });
});

function envFor(v: typeof SET_A | typeof SET_B, agentId: string) {
  return { WECOM_CORP_ID: v.corpId, WECOM_TOKEN: v.token, WECOM_ENCODING_AES_KEY: v.key, WECOM_AGENT_ID: agentId, WECOM_SECRET: 'unused', WECOM_API_BASE: 'http://127.0.0.1:9' };
}

describe('official vectors through GET/POST /wecom/callback', () => {
  for (const [name, v] of Object.entries(sets)) {
    it(`set ${name}: URL verification answers the bare plaintext`, async () => {
      t = await buildTestApp({ env: envFor(v, v.post.agentId) });
      const q = new URLSearchParams(v.get).toString(); // echostr's + / = percent-encoded, as WeCom sends it
      expect(q).toContain('%2B');
      const res = await t.app.inject({ method: 'GET', url: `/wecom/callback?${q}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(v.get.plain);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const bad = await t.app.inject({ method: 'GET', url: `/wecom/callback?${new URLSearchParams({ ...v.get, nonce: '1' })}` });
      expect(bad.statusCode).toBe(401);
    });

    it(`set ${name}: the POST vector is recorded once and answered with an encrypted, signed passive reply`, async () => {
      t = await buildTestApp({ env: envFor(v, v.post.agentId) });
      const q = new URLSearchParams({ msg_signature: v.post.msg_signature, timestamp: v.post.timestamp, nonce: v.post.nonce }).toString();
      const body = `<xml><ToUserName><![CDATA[${v.corpId}]]></ToUserName>\n<Encrypt><![CDATA[${v.post.encrypt}]]></Encrypt>\n<AgentID><![CDATA[${v.post.agentId}]]></AgentID>\n</xml>`;
      const res = await t.app.inject({ method: 'POST', url: `/wecom/callback?${q}`, headers: { 'content-type': 'text/xml' }, payload: body });
      expect(res.statusCode).toBe(200);
      const env = parseXml(res.body)!;
      const c = new WecomCrypto(v.token, v.key, v.corpId);
      expect(c.verify(env.MsgSignature, env.TimeStamp, env.Nonce, env.Encrypt!)).toBe(true);
      const inner = parseXml(c.open(env.Encrypt!).message)!;
      const from = name === 'A' ? 'mycreate' : 'ChenJiaShun';
      expect(inner).toMatchObject({ ToUserName: from, FromUserName: v.corpId, MsgType: 'text' });
      expect(inner.Content!.length).toBeGreaterThan(0);
      const row = await t.prisma.inboundMessage.findFirstOrThrow();
      expect(row).toMatchObject({ platform: 'wecom', msgId: name === 'A' ? '4561255354251345929' : '1456453720', senderId: from, text: name === 'A' ? 'hello' : '你好' });
      // WeCom's retry of the same delivery: recorded once, empty 200
      const again = await t.app.inject({ method: 'POST', url: `/wecom/callback?${q}`, headers: { 'content-type': 'text/xml' }, payload: body });
      expect(again.statusCode).toBe(200);
      expect(again.body).toBe('');
      expect(await t.prisma.inboundMessage.count()).toBe(1);
    });
  }

  it('set A-json: signature and receiveid match, but the sample plaintext is malformed JSON → 400, nothing stored', async () => {
    t = await buildTestApp({ env: envFor(SET_A, '218') });
    const q = new URLSearchParams({ msg_signature: SET_A.json.msg_signature, timestamp: SET_A.json.timestamp, nonce: SET_A.json.nonce }).toString();
    const res = await t.app.inject({ method: 'POST', url: `/wecom/callback?${q}`, headers: { 'content-type': 'application/json' }, payload: SET_A.json.body });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('MALFORMED');
    expect(await t.prisma.inboundMessage.count()).toBe(0);
  });

  it('set B-json: same through the route', async () => {
    t = await buildTestApp({ env: envFor(SET_B, '1000002') });
    const q = new URLSearchParams({ msg_signature: SET_B.json.msg_signature, timestamp: SET_B.json.timestamp, nonce: SET_B.json.nonce }).toString();
    const res = await t.app.inject({ method: 'POST', url: `/wecom/callback?${q}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ tousername: SET_A.corpId, encrypt: SET_B.json.encrypt, agentid: '' }) });
    expect(res.statusCode).toBe(400);
    expect(await t.prisma.inboundMessage.count()).toBe(0);
  });

  it('the AI-bot route (receiveid "") refuses the corp vectors with 401', async () => {
    t = await buildTestApp({ env: { WECOM_AIBOT_TOKEN: SET_A.token, WECOM_AIBOT_ENCODING_AES_KEY: SET_A.key } });
    const res = await t.app.inject({ method: 'GET', url: `/wecom/aibot?${new URLSearchParams(SET_A.get)}` });
    expect(res.statusCode).toBe(401);
  });
});
