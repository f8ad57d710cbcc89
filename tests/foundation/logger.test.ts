import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

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
