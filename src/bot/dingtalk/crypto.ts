// Event subscription (事件订阅 HTTP 推送) envelope: AES-256-CBC, IV = key[0..16), PKCS#7 with a 32-byte block,
// plaintext = random(16) | msgLen(4, big-endian) | msg | ownerKey; signature = sha1(sort(token, timestamp, nonce, encrypt)).
// https://open.dingtalk.com/document/development/callback-event-message-body-encryption-and-decryption (docs/dingtalk.md#event-subscription-crypto)
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DingtalkEncryptedAnswer } from './types.js';

const BLOCK = 32;

export class DingtalkCryptoError extends Error {
  constructor(
    /** Codes of the official DingCallbackCrypto: 900004 bad aes key, 900005 signature, 900008 decrypt, 900010 owner key. */
    readonly code: 900004 | 900005 | 900008 | 900010,
    message: string,
  ) {
    super(message);
  }
}

export interface EventCryptoKeys {
  token: string;
  /** The 43-character 数据加密密钥 from the console. */
  aesKey: string;
  /** appKey for an internal app configured in the developer console; corpId / suiteKey in the other cases. */
  ownerKey: string;
}

export function aesKeyBytes(aesKey: string): Buffer {
  const key = Buffer.from(`${aesKey}=`, 'base64');
  if (!/^[A-Za-z0-9]{43}$/.test(aesKey) || key.length !== 32) throw new DingtalkCryptoError(900004, 'illegal aes key');
  return key;
}

/** sha1 hex of the four strings sorted lexicographically and concatenated. */
export function eventSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join(''), 'utf8').digest('hex');
}

export function verifyEventSignature(keys: Pick<EventCryptoKeys, 'token'>, q: { signature: string; timestamp: string; nonce: string; encrypt: string }): boolean {
  const expected = Buffer.from(eventSignature(keys.token, q.timestamp, q.nonce, q.encrypt), 'utf8');
  const given = Buffer.from(q.signature.toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function randomAlnum(n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  for (const b of bytes) s += ALNUM[b % ALNUM.length];
  return s;
}

/** AES-256-CBC (IV = key[0..16)) with PKCS#7 over a 32-byte block; Node's auto-padding only allows pads ≤ 16. */
export function encryptBlock(plain: Buffer, aesKey: string): string {
  const key = aesKeyBytes(aesKey);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

export function decryptBlock(encrypt: string, aesKey: string): Buffer {
  const key = aesKeyBytes(aesKey);
  const data = Buffer.from(encrypt, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new DingtalkCryptoError(900008, 'ciphertext length');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new DingtalkCryptoError(900008, 'decrypt failed');
  }
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > BLOCK || pad > plain.length) throw new DingtalkCryptoError(900008, 'bad padding');
  return plain.subarray(0, plain.length - pad);
}

/** random(16) | msgLen (4 bytes, big-endian) | msg | ownerKey, encrypted. */
export function encryptEvent(plaintext: string, keys: Pick<EventCryptoKeys, 'aesKey' | 'ownerKey'>, random = randomAlnum(16)): string {
  const msg = Buffer.from(plaintext, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length, 0);
  return encryptBlock(Buffer.concat([Buffer.from(random, 'utf8'), len, msg, Buffer.from(keys.ownerKey, 'utf8')]), keys.aesKey);
}

/** Decrypts and checks the owner key (900010 when it belongs to another app / corp). */
export function decryptEvent(encrypt: string, keys: Pick<EventCryptoKeys, 'aesKey' | 'ownerKey'>): string {
  const body = decryptBlock(encrypt, keys.aesKey);
  if (body.length < 20) throw new DingtalkCryptoError(900008, 'too short');
  const len = body.readUInt32BE(16);
  if (20 + len > body.length) throw new DingtalkCryptoError(900008, 'bad length');
  const owner = body.subarray(20 + len);
  const expected = Buffer.from(keys.ownerKey, 'utf8');
  if (owner.length !== expected.length || !timingSafeEqual(owner, expected)) throw new DingtalkCryptoError(900010, 'owner key mismatch');
  return body.subarray(20, 20 + len).toString('utf8');
}

/** The encrypted answer DingTalk expects within 1.5 s: the literal `success`, freshly encrypted and signed. */
export function successAnswer(keys: EventCryptoKeys, timeStamp: string, nonce = randomAlnum(16), random?: string): DingtalkEncryptedAnswer {
  const encrypt = encryptEvent('success', keys, random);
  return { msg_signature: eventSignature(keys.token, timeStamp, nonce, encrypt), timeStamp, nonce, encrypt };
}
