// POST /dingtalk/events (event subscription, HTTP mode) on the full app (fresh SQLite) + fake DingTalk.
import { describe, expect, it } from 'vitest';
import { decryptEvent, encryptEvent, eventSignature, verifyEventSignature } from '../../src/bot/dingtalk/crypto.js';
import { expectNothingStored } from '../helpers/assertions.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { APP_KEY, EVENT_KEYS, setup } from './util.js';

const closeLater = closeAfterEach();

/** The app with the robot app and the event subscription against a fake DingTalk. */
const start = async (extraEnv: Record<string, string> = {}) => closeLater(await setup({ BODY_LIMIT_BYTES: '4096', ...extraEnv }, { events: true }));

describe('POST /dingtalk/events', () => {
  const keys = { ...EVENT_KEYS, ownerKey: APP_KEY };

  function request(event: unknown, opts: { ownerKey?: string; signature?: string } = {}) {
    const encrypt = encryptEvent(JSON.stringify(event), { ...keys, ownerKey: opts.ownerKey ?? keys.ownerKey });
    const timestamp = '1763859600000';
    const nonce = 'abc123XY';
    const signature = opts.signature ?? eventSignature(keys.token, timestamp, nonce, encrypt);
    return { url: `/dingtalk/events?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, payload: { encrypt } };
  }

  it('check_url: answers with the encrypted "success"', async () => {
    const { t, clock } = await start();
    const res = await t.app.inject({ method: 'POST', ...request({ EventType: 'check_url' }) });
    expect(res.statusCode).toBe(200);
    const a = res.json();
    expect(a.timeStamp).toBe(String(clock.now().getTime()));
    expect(verifyEventSignature(keys, { signature: a.msg_signature, timestamp: a.timeStamp, nonce: a.nonce, encrypt: a.encrypt })).toBe(true);
    expect(decryptEvent(a.encrypt, keys)).toBe('success');
    await expectNothingStored(t);
  });

  it('accepts the official V2 request (signature/timeStamp spelling, owner key from DINGTALK_EVENT_OWNER_KEY)', async () => {
    const { t } = await start({ DINGTALK_EVENT_TOKEN: 'mryue', DINGTALK_EVENT_OWNER_KEY: 'ding6ccabc44d2c8d38b' });
    const encrypt = '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3';
    const res = await t.app.inject({
      method: 'POST',
      url: '/dingtalk/events?signature=03044561471240d4a14bb09372dfcfd4fd0e40cb&timeStamp=1608001896814&nonce=WL4PK6yA',
      payload: { encrypt },
    });
    expect(res.statusCode).toBe(200);
    expect(decryptEvent(res.json().encrypt, { aesKey: EVENT_KEYS.aesKey, ownerKey: 'ding6ccabc44d2c8d38b' })).toBe('success');
  });

  it('other events are acknowledged the same way', async () => {
    const { t } = await start();
    const res = await t.app.inject({ method: 'POST', ...request({ EventType: 'user_add_org', UserId: ['u1'] }) });
    expect(decryptEvent(res.json().encrypt, keys)).toBe('success');
  });

  it('rejects a bad signature (401), another owner key (401) and malformed bodies (400)', async () => {
    const { t } = await start();
    expect((await t.app.inject({ method: 'POST', ...request({ EventType: 'check_url' }, { signature: 'f'.repeat(40) }) })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', ...request({ EventType: 'check_url' }, { ownerKey: 'dingother' }) })).statusCode).toBe(401);
    const { url } = request({ EventType: 'check_url' });
    expect((await t.app.inject({ method: 'POST', url, payload: { nothing: 1 } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"encrypt":' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/dingtalk/events', payload: { encrypt: 'x' } })).statusCode).toBe(401);
    // Correctly signed but not decryptable.
    const encrypt = 'AAAA';
    const sig = eventSignature(EVENT_KEYS.token, '1', 'n', encrypt);
    expect((await t.app.inject({ method: 'POST', url: `/dingtalk/events?msg_signature=${sig}&timestamp=1&nonce=n`, payload: { encrypt } })).statusCode).toBe(400);
    await expectNothingStored(t);
  });
});
