// WeCom callback crypto (加解密方案, docs/wecom.md#callback-encryption): msg_signature, AES-256-CBC with 32-byte PKCS#7 padding,
// the receiveid check and the encrypted passive-reply envelopes.
// `@wecom/crypto` gives getSignature / encrypt; it does not verify signatures, does not check the receiveid and does
// not validate the padding, so decryption (strict) and those checks live here.
import { createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { encrypt as wecomEncrypt, getSignature } from '@wecom/crypto';

/** Error codes of the official libraries (docs/wecom.md#crypto-library-error-codes). */
export const WXBIZ = {
  signature: -40001,
  parse: -40002,
  aesKey: -40004,
  receiveId: -40005,
  decrypt: -40007,
  illegalBuffer: -40008,
  base64: -40010,
} as const;

export class WecomCryptoError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** WeCom pads to a multiple of 32 bytes, so the pad value is 1..32 (not 1..16 as Node's autoPadding expects). */
export const PAD_BLOCK = 32;

/** Strict PKCS#7 unpad for block size 32: every pad byte must equal the pad length. */
export function unpad32(buf: Buffer): Buffer {
  const n = buf.length ? buf[buf.length - 1]! : 0;
  if (n < 1 || n > PAD_BLOCK || n > buf.length) throw new WecomCryptoError(WXBIZ.illegalBuffer, 'bad padding');
  for (let i = buf.length - n; i < buf.length; i++) if (buf[i] !== n) throw new WecomCryptoError(WXBIZ.illegalBuffer, 'bad padding');
  return buf.subarray(0, buf.length - n);
}

/** Constant-time comparison of two hex signatures (length leaks nothing: a sha1 hex is always 40 chars). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) {
    timingSafeEqual(x, x); // same work either way
    return false;
  }
  return timingSafeEqual(x, y);
}

export interface Opened {
  message: string;
  receiveId: string;
  random: Buffer;
}

/** One callback endpoint's keys: Token, EncodingAESKey and the expected receiveid (corpid, or '' for the AI bot). */
export class WecomCrypto {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor(
    private readonly token: string,
    private readonly encodingAesKey: string,
    readonly receiveId: string,
  ) {
    const key = Buffer.from(`${encodingAesKey}=`, 'base64');
    if (encodingAesKey.length !== 43 || key.length !== 32) throw new WecomCryptoError(WXBIZ.aesKey, 'invalid EncodingAESKey');
    this.key = key;
    this.iv = key.subarray(0, 16);
  }

  signature(timestamp: string, nonce: string, encrypt: string): string {
    return getSignature(this.token, timestamp, nonce, encrypt);
  }

  /** sha1(sort([token, timestamp, nonce, encrypt])) compared in constant time. */
  verify(msgSignature: string | undefined, timestamp: string | undefined, nonce: string | undefined, encrypt: string): boolean {
    if (!msgSignature || timestamp === undefined || nonce === undefined) return false;
    return safeEqual(this.signature(timestamp, nonce, encrypt), msgSignature.toLowerCase());
  }

  /** Decrypts and checks padding, the length field and the receiveid. Throws WecomCryptoError. */
  open(encrypt: string): Opened {
    if (!encrypt || encrypt.length % 4 !== 0 || !BASE64.test(encrypt)) throw new WecomCryptoError(WXBIZ.base64, 'not base64');
    const data = Buffer.from(encrypt, 'base64');
    if (data.length === 0 || data.length % 16 !== 0) throw new WecomCryptoError(WXBIZ.decrypt, 'bad ciphertext length');
    let plain: Buffer;
    try {
      const d = createDecipheriv('aes-256-cbc', this.key, this.iv);
      d.setAutoPadding(false);
      plain = Buffer.concat([d.update(data), d.final()]);
    } catch {
      throw new WecomCryptoError(WXBIZ.decrypt, 'decrypt failed');
    }
    const body = unpad32(plain);
    if (body.length < 20) throw new WecomCryptoError(WXBIZ.illegalBuffer, 'too short');
    const len = body.readUInt32BE(16);
    if (20 + len > body.length) throw new WecomCryptoError(WXBIZ.illegalBuffer, 'bad length');
    const receiveId = body.subarray(20 + len).toString('utf8');
    if (receiveId !== this.receiveId) throw new WecomCryptoError(WXBIZ.receiveId, 'receiveid mismatch');
    return { message: body.subarray(20, 20 + len).toString('utf8'), receiveId, random: body.subarray(0, 16) };
  }

  /** Encrypts a reply with a fresh 16-byte random prefix (or the given one, for tests) and signs it. */
  seal(message: string, timestamp: string, nonce: string, random: Buffer = randomBytes(16)): { encrypt: string; signature: string } {
    const encrypt = wecomEncrypt(this.encodingAesKey, message, this.receiveId, random);
    return { encrypt, signature: this.signature(timestamp, nonce, encrypt) };
  }

  /** Passive reply envelope of the self-built app (XML, official template). */
  sealXml(message: string, timestamp: string, nonce: string): string {
    const { encrypt, signature } = this.seal(message, timestamp, nonce);
    return `<xml>\n<Encrypt><![CDATA[${encrypt}]]></Encrypt>\n<MsgSignature><![CDATA[${signature}]]></MsgSignature>\n<TimeStamp>${timestamp}</TimeStamp>\n<Nonce><![CDATA[${cdata(nonce)}]]></Nonce>\n</xml>`;
  }

  /** Passive reply envelope of the AI bot (JSON, lowercase keys). */
  sealJson(message: string, timestamp: string, nonce: string): string {
    const { encrypt, signature } = this.seal(message, timestamp, nonce);
    return JSON.stringify({ encrypt, msgsignature: signature, timestamp, nonce });
  }
}

/** Text safe inside <![CDATA[ … ]]> (a literal "]]>" is split across two sections). */
export function cdata(s: string): string {
  return s.replaceAll(']]>', ']]]]><![CDATA[>');
}
