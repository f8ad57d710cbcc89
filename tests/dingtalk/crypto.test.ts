import { describe, expect, it } from 'vitest';
import {
  DingtalkCryptoError,
  decryptBlock,
  decryptEvent,
  encryptBlock,
  encryptEvent,
  eventSignature,
  successAnswer,
  verifyEventSignature,
} from '../../src/bot/dingtalk/crypto.js';

// Test vectors of docs/dingtalk.md#event-crypto-vectors.
const V1 = {
  token: '123456',
  aesKey: '4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij',
  ownerKey: 'suite4xxxxxxxxxxxxxxx',
  signature: '5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0',
  timestamp: '1445827045067',
  nonce: 'nEXhMP4r',
  encrypt:
    '1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==',
  plaintext: '{"EventType":"check_create_suite_url","Random":"LPIdSnlF","TestSuiteKey":"suite4xxxxxxxxxxxxxxx"}',
  random: 'hU3bEfGZZewzhG5a',
};
const V2 = {
  token: 'mryue',
  aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7',
  ownerKey: 'ding6ccabc44d2c8d38b',
  signature: '03044561471240d4a14bb09372dfcfd4fd0e40cb',
  timestamp: '1608001896814',
  nonce: 'WL4PK6yA',
  encrypt: '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
  plaintext: '{"EventType":"check_url"}',
  random: 'l7Y3EcX2CU5w8av3',
};
const V3 = {
  token: 'tokenxxxx',
  aesKey: 'o1w0aum42yaptlz8alnhwikjd3jenzt9cb9wmzptgus',
  ownerKey: 'dingxxxxxx',
  signature: 'f36f4ba5337d426c7d4bca0dbcb06b3ddc1388fc',
  timestamp: '1605695694141',
  nonce: 'WelUQl6bCqcBa2fM',
  encrypt: 'X1VSe9cTJUMZu60d3kyLYTrBq5578ZRJtteU94wG0Q4Uk6E/wQYeJRIC0/UFW5Wkya1Ihz9oXAdLlyC9TRaqsQ==',
  plaintext: 'success',
  random: 'WelUQl6bCqcBa2fM',
};

describe('event subscription crypto', () => {
  it.each([
    ['V1 official doc', V1],
    ['V2 official Python 3 sample', V2],
    ['V3 official Go/C# success answer', V3],
  ])('%s: signature, decryption and byte-exact re-encryption', (_name, v) => {
    expect(eventSignature(v.token, v.timestamp, v.nonce, v.encrypt)).toBe(v.signature);
    expect(verifyEventSignature(v, { signature: v.signature, timestamp: v.timestamp, nonce: v.nonce, encrypt: v.encrypt })).toBe(true);
    expect(decryptEvent(v.encrypt, v)).toBe(v.plaintext);
    expect(encryptEvent(v.plaintext, v, v.random)).toBe(v.encrypt);
  });

  it('V3: successAnswer reproduces the official encrypted "success" answer', () => {
    expect(successAnswer(V3, V3.timestamp, V3.nonce, V3.random)).toEqual({
      msg_signature: V3.signature,
      timeStamp: V3.timestamp,
      nonce: V3.nonce,
      encrypt: V3.encrypt,
    });
  });

  it('V4: raw AES block with a 32-byte PKCS#7 pad', () => {
    const key = '4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij';
    const plain = Buffer.from('5p7b4jXMWUshiBCosucc111esssuite4xxxxxxxxxxxxxxx221', 'utf8');
    const expected = 'DwCJ9BMxu4r+VTe9TD+AWc1yfxqs7d2YgepFe4XruMgh1+6pTjCCq4nqAM6StRcafOx5a1OfwmX3ckSBifatlA==';
    expect(encryptBlock(plain, key)).toBe(expected);
    expect(decryptBlock(expected, key).equals(plain)).toBe(true);
  });

  it('pads a full block with 32 bytes of 32', () => {
    const key = V2.aesKey;
    const plain = Buffer.alloc(64, 0x61);
    const enc = encryptBlock(plain, key);
    expect(Buffer.from(enc, 'base64')).toHaveLength(96);
    expect(decryptBlock(enc, key).equals(plain)).toBe(true);
  });

  it('a fresh success answer decrypts to "success" and is signed', () => {
    const a = successAnswer(V2, '1700000000000');
    expect(verifyEventSignature(V2, { signature: a.msg_signature, timestamp: a.timeStamp, nonce: a.nonce, encrypt: a.encrypt })).toBe(true);
    expect(decryptEvent(a.encrypt, V2)).toBe('success');
    expect(a.nonce).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('rejects a wrong signature, a wrong owner key, a wrong key and tampered ciphertext', () => {
    expect(verifyEventSignature(V2, { signature: V1.signature, timestamp: V2.timestamp, nonce: V2.nonce, encrypt: V2.encrypt })).toBe(false);
    expect(verifyEventSignature(V2, { signature: V2.signature, timestamp: V2.timestamp, nonce: 'other', encrypt: V2.encrypt })).toBe(false);
    expect(() => decryptEvent(V2.encrypt, { ...V2, ownerKey: 'dingsomeoneelse0000' })).toThrow(expect.objectContaining({ code: 900010 }));
    expect(() => decryptEvent(V2.encrypt, { ...V2, aesKey: V1.aesKey })).toThrow(DingtalkCryptoError);
    const bytes = Buffer.from(V2.encrypt, 'base64');
    bytes[bytes.length - 1]! ^= 0xff;
    expect(() => decryptEvent(bytes.toString('base64'), V2)).toThrow(DingtalkCryptoError);
    expect(() => decryptEvent('not base64 at all', V2)).toThrow(DingtalkCryptoError);
  });
});
