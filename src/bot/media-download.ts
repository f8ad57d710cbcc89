// Downloading a photo or voice file for a platform client: streamed, with the size and type limits enforced while
// the bytes arrive (a declared type is checked before the first byte is read, an untyped one by its first bytes,
// the size on every chunk), so nothing larger than MEDIA_MAX_BYTES is ever held. An answer that is JSON (a platform
// error instead of the file) is handed back to the caller to interpret. The file name the server suggests is ignored.
import axios from 'axios';
import type { Readable } from 'node:stream';
import { effectiveContentType, isGenericContentType, normalizeContentType, sniffContentType, tooLargeReason, wrongTypeReason } from '../media-types.js';
import { DeliveryError, type FetchedMedia, type MediaLimits } from './channel.js';

/** The file, or the JSON the server answered instead (status and parsed body). */
export type Downloaded = { media: FetchedMedia } | { status: number; json: unknown };

const JSON_LIMIT = 64 * 1024;
const RETRY_MS = 5_000;
/** Bytes an untyped download is recognised from. */
const SNIFF_BYTES = 16;

export const tooLarge = (limits: MediaLimits) => new DeliveryError(tooLargeReason(limits.maxBytes), 'fatal', undefined, 'tooLarge');
export const wrongType = (type: string) => new DeliveryError(wrongTypeReason(type), 'fatal', undefined, 'wrongType');

const isJsonish = (ct: string) => ct === 'application/json' || ct === 'text/plain' || ct === 'text/json';

export interface DownloadOptions {
  url: string;
  limits: MediaLimits;
  /** Platform name for messages, e.g. 钉钉. */
  label: string;
  /** Per-request (connect / idle) timeout; the whole body must arrive within six times this. */
  timeoutMs?: number;
  maxRedirects?: number;
}

export async function downloadMedia(opts: DownloadOptions): Promise<Downloaded> {
  const { limits, label } = opts;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const broken = (why: string, code?: string | number) => new DeliveryError(`${label}文件下载失败：${why}`, 'retry', RETRY_MS, code);
  let res;
  try {
    res = await axios.get<Readable>(opts.url, {
      responseType: 'stream',
      timeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs * 6),
      validateStatus: () => true,
      maxRedirects: opts.maxRedirects ?? 0,
      maxContentLength: -1,
      headers: { Accept: '*/*' },
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw broken(code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED' ? '超时' : (code ?? '网络错误'), code);
  }
  const stream = res.data;
  const declared = String(res.headers['content-type'] ?? '');
  const type = normalizeContentType(declared);
  const fail = (err: DeliveryError): never => {
    stream.destroy();
    throw err;
  };

  if (res.status === 429) fail(new DeliveryError(`${label}文件下载被限流（HTTP 429）`, 'rate', 60_000, 429));
  if (res.status >= 500) fail(broken(`HTTP ${res.status}`, res.status));
  if (isJsonish(type)) {
    const text = (await readAll(stream, JSON_LIMIT, () => broken('应答过长'), broken, timeoutMs)).toString('utf8');
    try {
      return { status: res.status, json: JSON.parse(text) };
    } catch {
      if (res.status !== 200) throw broken(`HTTP ${res.status}`, res.status);
      throw wrongType(type);
    }
  }
  if (res.status !== 200) fail(broken(`HTTP ${res.status}`, res.status));
  const generic = isGenericContentType(declared);
  if (!generic && !limits.types.includes(type)) fail(wrongType(type));
  const length = Number(res.headers['content-length']);
  if (Number.isFinite(length) && length > limits.maxBytes) fail(tooLarge(limits));

  const bytes = await readAll(stream, limits.maxBytes, () => tooLarge(limits), broken, timeoutMs, (head) => {
    if (!generic) return null;
    const sniffed = sniffContentType(head);
    return sniffed && limits.types.includes(sniffed) ? null : wrongType(sniffed ?? type);
  });
  const contentType = effectiveContentType(declared, bytes.subarray(0, SNIFF_BYTES));
  if (!limits.types.includes(contentType)) throw wrongType(contentType);
  return { media: { bytes, contentType } };
}

/**
 * Reads the stream into memory, at most `max` bytes (beyond: destroyed, rejected with over()). `check` looks at the
 * first SNIFF_BYTES once they are in and may stop the download.
 */
function readAll(stream: Readable, max: number, over: () => DeliveryError, broken: (why: string) => DeliveryError, timeoutMs: number, check?: (head: Buffer) => DeliveryError | null): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let checked = !check;
    let settled = false;
    const finish = (err: DeliveryError | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      if (err) {
        stream.destroy();
        reject(err);
      } else resolve(Buffer.concat(chunks, total));
    };
    // No byte for this long: the server stalled.
    let idle = setTimeout(() => finish(broken('超时')), timeoutMs);
    stream.on('data', (c: Buffer) => {
      clearTimeout(idle);
      idle = setTimeout(() => finish(broken('超时')), timeoutMs);
      total += c.length;
      if (total > max) return finish(over());
      chunks.push(c);
      if (!checked && total >= SNIFF_BYTES) {
        checked = true;
        const err = check!(Buffer.concat(chunks, total).subarray(0, SNIFF_BYTES));
        if (err) finish(err);
      }
    });
    stream.on('end', () => {
      if (!checked && check) {
        const err = check(Buffer.concat(chunks, total));
        if (err) return finish(err);
      }
      finish(null);
    });
    stream.on('error', (err: Error & { code?: string }) => finish(broken(err.code === 'ERR_CANCELED' || err.name === 'AbortError' ? '超时' : '连接中断')));
    stream.on('aborted', () => finish(broken('连接中断')));
  });
}
