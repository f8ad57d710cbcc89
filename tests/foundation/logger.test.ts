import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger, resolveLogFormat } from '../../src/logger.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) });
  return { logger: createLogger('info', sink), lines };
}

describe('logger redaction', () => {
  it('redacts tokens, secrets, AES keys and phone numbers', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        token: 'QDG6eK',
        access_token: 'tok-abc',
        secret: 'app-secret-1',
        encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
        config: { wecom: { app: { secret: 'nested-secret' } } },
        url: 'https://qyapi.weixin.qq.com/cgi-bin/message/send?access_token=tok-xyz&debug=1',
        text: '报修 3栋2单元1502 电话 138-1234-5678 或 +86 13912345678',
        phone: '13800000001',
      },
      'user 13700001111 called',
    );
    const out = lines.join('');
    for (const secret of ['QDG6eK', 'tok-abc', 'app-secret-1', 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', 'nested-secret', 'tok-xyz', '138-1234-5678', '13912345678', '13800000001', '13700001111']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('3栋2单元1502');
    expect(out).toContain('[手机号已隐藏]');
    expect(out).toContain('[REDACTED]');
    expect(out).toContain('debug=1');
  });

  it('redacts inside errors', () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error('failed for 13812345678 at ?corpsecret=abc123') }, 'boom');
    const out = lines.join('');
    expect(out).not.toContain('13812345678');
    expect(out).not.toContain('abc123');
  });
});

describe('log format', () => {
  it('is pretty in a terminal and JSON otherwise; LOG_FORMAT=json|pretty overrides', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('auto', undefined)).toBe('json');
    expect(resolveLogFormat(loadConfig({ LOG_FORMAT: 'json' }).logFormat, true)).toBe('json');
    expect(resolveLogFormat(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat, false)).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'yaml' })).toThrow(ConfigError);
  });

  it('pretty lines are readable Chinese with local time, redacted like JSON', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) });
    const logger = createLogger('info', sink, { format: 'pretty', timeZone: 'Asia/Shanghai' });
    logger.info({ token: 'QDG6eK', text: '报修 电话 13912345678' }, '住户 13700001111 来电 已登记');
    logger.error({ err: new Error('发送失败 ?corpsecret=abc123') }, '推送失败');
    const out = lines.join('');
    expect(() => JSON.parse(lines[0]!)).toThrow();
    expect(out).toMatch(/^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\] INFO: 住户 \[手机号已隐藏\] 来电 已登记/);
    expect(out).toContain('报修 电话 [手机号已隐藏]');
    expect(out).toContain('[REDACTED]');
    expect(out).toContain('推送失败');
    for (const secret of ['QDG6eK', '13912345678', '13700001111', 'abc123']) expect(out).not.toContain(secret);
    expect(out).not.toMatch(/pid|hostname/);
  });
});
