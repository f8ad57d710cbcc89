// The content types a photo or voice file may have, the file extension each is stored under, and how an
// untyped download (application/octet-stream) is recognised from its first bytes. Pure; imports nothing.

/** Every type DutyDesk can store, with the extension of its file (MEDIA_ALLOWED_TYPES picks from these). */
export const MEDIA_EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'audio/amr': 'amr',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/wav': 'wav',
  'audio/ogg': 'ogg',
  'audio/silk': 'silk',
  'audio/speex': 'spx',
};

export const DEFAULT_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/wav', 'audio/ogg', 'audio/silk'] as const;

const ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'audio/x-amr': 'audio/amr',
  'audio/mp3': 'audio/mpeg',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/x-m4a': 'audio/mp4',
  'audio/x-silk': 'audio/silk',
  'audio/x-speex': 'audio/speex',
};

/** Types that say nothing about the content: the first bytes decide. */
const GENERIC = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/binary', 'application/x-download', 'application/force-download']);

/** `Image/JPEG; charset=binary` → `image/jpeg`, aliases folded. */
export function normalizeContentType(header: string | undefined | null): string {
  const base = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return ALIASES[base] ?? base;
}

const startsWith = (b: Buffer, sig: string | number[], at = 0) => {
  const bytes = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
  return b.length >= at + bytes.length && b.subarray(at, at + bytes.length).equals(bytes);
};

/** The type the first bytes show, or null. */
export function sniffContentType(head: Buffer): string | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a')) return 'image/gif';
  if (startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8)) return 'image/webp';
  if (startsWith(head, 'RIFF') && startsWith(head, 'WAVE', 8)) return 'audio/wav';
  if (startsWith(head, '#!AMR')) return 'audio/amr';
  if (startsWith(head, '#!SILK') || startsWith(head, '\x02#!SILK')) return 'audio/silk';
  if (startsWith(head, 'OggS')) return 'audio/ogg';
  if (startsWith(head, 'ftyp', 4) && startsWith(head, 'M4A', 8)) return 'audio/mp4';
  if (startsWith(head, 'ID3') || (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0)) return 'audio/mpeg';
  return null;
}

/** The declared type, or what the bytes show when the declaration is generic. */
export function effectiveContentType(declared: string | undefined | null, head: Buffer): string {
  const type = normalizeContentType(declared);
  return GENERIC.has(type) ? (sniffContentType(head) ?? (type || 'application/octet-stream')) : type;
}

/** Sizes as people read them: 10 MB, 512 KB. */
export function sizeZh(bytes: number): string {
  const MB = 1024 * 1024;
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Why a file was not kept, as the row records it and people read it. */
export const tooLargeReason = (maxBytes: number) => `文件超过大小上限（${sizeZh(maxBytes)}），未保存`;
export const wrongTypeReason = (type: string) => `文件类型不支持（${type || '未知类型'}），未保存`;

export const isGenericContentType = (header: string | undefined | null): boolean => GENERIC.has(normalizeContentType(header));
