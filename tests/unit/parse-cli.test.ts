// The parse command-line contract: `npm run --silent cli -- parse --now <ISO>` reads one message
// per stdin line and writes exactly one JSON object per line, in order, with only the contract keys.
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runParse } from '../../src/cli/parse.js';

const NOW = '2026-11-23T10:00:00+08:00';
const CONTRACT_KEYS = ['intent', 'building', 'unit', 'room', 'phone', 'urgent', 'start', 'end', 'leaveType', 'ref'];

async function run(args: string[], input: string): Promise<{ code: number; out: string; err: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  stdin.end(input, 'utf8');
  const code = await runParse(args, stdin, stdout, stderr);
  return { code, out, err };
}

const objects = (out: string): Record<string, unknown>[] => {
  expect(out.endsWith('\n') || out === '').toBe(true);
  return out.split('\n').slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>);
};

const MESSAGES = [
  '报修 3栋2单元1502 厨房水管漏水 13812345678 紧急',
  '',
  '收到',
  '请病假 11月25日至11月27日',
  '查询 #12',
  '你好，我家厨房下水道堵了，我是7栋1单元803',
  '',
  '回访 #12 5分 很满意',
  '交班 一切正常 移交 #12',
];

describe('runParse (in process)', () => {
  it('writes one object per line, in order, even for empty lines, with only the contract keys', async () => {
    const { code, out, err } = await run(['--now', NOW], MESSAGES.join('\n') + '\n');
    expect(code).toBe(0);
    expect(err).toBe('');
    const got = objects(out);
    expect(got).toEqual([
      { intent: 'repair', building: '3', unit: '2', room: '1502', phone: '13812345678', urgent: true },
      { intent: 'none' },
      { intent: 'none' },
      { intent: 'leave', start: '2026-11-25', end: '2026-11-27', leaveType: 'sick' },
      { intent: 'status', ref: '12' },
      { intent: 'repair', building: '7', unit: '1', room: '803' },
      { intent: 'none' },
      { intent: 'followup', ref: '12' },
      { intent: 'handover' },
    ]);
    for (const o of got) for (const k of Object.keys(o)) expect(CONTRACT_KEYS).toContain(k);
  });

  it('prints the keys in the contract order', async () => {
    const { out } = await run(['--now', NOW], '紧急报修 3栋2单元1502 漏水 13812345678\n请事假 明天\n');
    expect(out).toBe(
      '{"intent":"repair","building":"3","unit":"2","room":"1502","phone":"13812345678","urgent":true}\n' +
        '{"intent":"leave","start":"2026-11-24","end":"2026-11-24","leaveType":"personal"}\n',
    );
  });

  it('treats messages as from a resident unless --staff is given', async () => {
    const text = '楼上装修太吵了\n你好，我家厨房下水道堵了\n';
    expect(objects((await run(['--now', NOW], text)).out)).toEqual([{ intent: 'complaint' }, { intent: 'repair' }]);
    expect(objects((await run(['--now', NOW, '--staff'], text)).out)).toEqual([{ intent: 'none' }, { intent: 'none' }]);
  });

  it('handles CRLF, a last line without a newline, only empty lines, and no input at all', async () => {
    expect(objects((await run(['--now', NOW], '接单 #1\r\n\r\n到场 #1')).out)).toEqual([{ intent: 'accept', ref: '1' }, { intent: 'none' }, { intent: 'arrive', ref: '1' }]);
    expect(objects((await run(['--now', NOW], '\n\n\n')).out)).toEqual([{ intent: 'none' }, { intent: 'none' }, { intent: 'none' }]);
    const empty = await run(['--now', NOW], '');
    expect(empty).toEqual({ code: 0, out: '', err: '' });
  });

  it('takes dates relative to --now in the --offset zone (default Asia/Shanghai)', async () => {
    const late = '2026-11-23T17:00:00Z'; // already Tuesday in Shanghai
    expect(objects((await run(['--now', late], '请假 明天\n')).out)).toEqual([{ intent: 'leave', start: '2026-11-25', end: '2026-11-25', leaveType: 'other' }]);
    expect(objects((await run(['--now', late, '--offset', '0'], '请假 明天\n')).out)).toEqual([{ intent: 'leave', start: '2026-11-24', end: '2026-11-24', leaveType: 'other' }]);
  });

  it.each([[[]], [['--now']], [['--now', 'yesterday']], [['--now', NOW, '--offset', 'east']], [['--now', NOW, '--offset', '1.5']]])(
    'refuses %j with the usage and exit code 2, writing nothing to stdout',
    async (args) => {
      const { code, out, err } = await run(args, '报修 3栋 漏水\n');
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain('--now');
    },
  );

  it('keeps up with many lines in order', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => (i % 2 ? `查询 #${i}` : ''));
    const got = objects((await run(['--now', NOW], lines.join('\n') + '\n')).out);
    expect(got).toHaveLength(500);
    got.forEach((o, i) => expect(o).toEqual(i % 2 ? { intent: 'status', ref: String(i) } : { intent: 'none' }));
  });
});

describe('parse CLI (child process)', () => {
  it('npx tsx src/cli/index.ts parse reads stdin and writes one JSON object per line', () => {
    const input = ['报修 3栋2单元1502 漏水 138-1234-5678', '', '好的', '请假 11.28-11.29', '＠值班台　查询　＃１２'].join('\n') + '\n';
    const r = spawnSync('npx', ['tsx', 'src/cli/index.ts', 'parse', '--now', NOW, '--staff'], { input, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        '{"intent":"repair","building":"3","unit":"2","room":"1502","phone":"13812345678"}',
        '{"intent":"none"}',
        '{"intent":"none"}',
        '{"intent":"leave","start":"2026-11-28","end":"2026-11-29","leaveType":"other"}',
        '{"intent":"status","ref":"12"}',
        '',
      ].join('\n'),
    );
  });

  it('exits 2 without --now', () => {
    const r = spawnSync('npx', ['tsx', 'src/cli/index.ts', 'parse'], { input: '报修\n', encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--now');
  });
});
