// Reading and checking environment values: the helpers loadConfig and the channels' configuration slices use.
// A wrong value stops start-up with a ConfigError that names the key, in Chinese and English.

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly key: string,
    zh: string,
    en: string,
  ) {
    super(`配置错误 ${key}：${zh} / ${key} ${en}`);
  }
}

export type Env = Record<string, string | undefined>;

export function str(env: Env, key: string): string | undefined {
  const v = env[key]?.trim();
  return v ? v : undefined;
}

export function int(env: Env, key: string, def: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const v = str(env, key);
  if (v === undefined) return def;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new ConfigError(key, `必须是 ${min} 到 ${max} 之间的整数`, `must be an integer between ${min} and ${max}`);
  }
  return Number(v);
}

export function bool(env: Env, key: string, def: boolean): boolean {
  const v = str(env, key)?.toLowerCase();
  if (v === undefined) return def;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(key, '必须是 true 或 false', 'must be true or false');
}

export function oneOf<T extends string>(env: Env, key: string, allowed: readonly T[], def: T): T {
  const v = str(env, key);
  if (v === undefined) return def;
  if (!allowed.includes(v as T)) throw new ConfigError(key, `必须是 ${allowed.join(' / ')} 之一`, `must be one of ${allowed.join(', ')}`);
  return v as T;
}

/** A token others must present: printable ASCII without spaces, at least `minLength` characters; undefined when unset. */
export function secretToken(env: Env, key: string, minLength: number): string | undefined {
  const v = str(env, key);
  if (v !== undefined && (v.length < minLength || !/^[\x21-\x7e]+$/.test(v))) {
    throw new ConfigError(key, `至少 ${minLength} 个字符，只能用字母、数字和符号（不能有空格），例如用 openssl rand -hex 24 生成`, `must be at least ${minLength} printable ASCII characters without spaces`);
  }
  return v;
}

export function url(env: Env, key: string, def?: string): string | undefined {
  const v = str(env, key) ?? def;
  if (v === undefined) return undefined;
  if (!/^https?:\/\/[^\s]+$/.test(v)) throw new ConfigError(key, '必须是 http:// 或 https:// 开头的网址', 'must be an http:// or https:// URL');
  return v.replace(/\/+$/, '');
}

export function aesKey(env: Env, key: string): string | undefined {
  const v = str(env, key);
  if (v !== undefined && !/^[A-Za-z0-9]{43}$/.test(v)) throw new ConfigError(key, '必须是 43 个字母或数字', 'must be 43 characters');
  return v;
}

/** All keys of a group must be set together, or none (the part stays disabled). */
export function group<T>(env: Env, keys: string[], build: () => T): T | undefined {
  const set = keys.filter((k) => str(env, k) !== undefined);
  if (set.length === 0) return undefined;
  const missing = keys.filter((k) => str(env, k) === undefined);
  if (missing.length) {
    const k = missing[0]!;
    throw new ConfigError(k, `与 ${set.join('、')} 同组，必须一起设置`, `is required when ${set.join(', ')} is set`);
  }
  return build();
}

export function cronExpr(env: Env, key: string, def: string): string {
  const v = str(env, key) ?? def;
  if (!/^(\S+\s+){4,5}\S+$/.test(v)) throw new ConfigError(key, '必须是 5 或 6 段的 cron 表达式', 'must be a 5- or 6-field cron expression');
  return v;
}
