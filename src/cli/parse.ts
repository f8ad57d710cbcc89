// `npm run --silent cli -- parse --now <ISO time>`: one JSON object per stdin line, in order, even for empty lines.
import { createInterface } from 'node:readline';
import type { Command } from '../handlers/command/command.js';
import { parseCommand } from '../handlers/command/parse.js';

const CONTRACT_KEYS = ['intent', 'building', 'unit', 'room', 'phone', 'urgent', 'start', 'end', 'startHalf', 'endHalf', 'startTime', 'endTime', 'leaveDays', 'leaveMinutes', 'leaveType', 'ref'] as const;

export function contractView(cmd: Command): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of CONTRACT_KEYS) if (cmd[k] !== undefined) out[k] = cmd[k];
  return out;
}

const USAGE = '用法 usage: npm run --silent cli -- parse --now <ISO时间> [--offset <分钟>] [--staff] < messages.txt';

export async function runParse(args: string[], input: NodeJS.ReadableStream, output: NodeJS.WritableStream, errors: NodeJS.WritableStream = process.stderr): Promise<number> {
  const value = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const nowArg = value('--now');
  const now = nowArg ? new Date(nowArg) : undefined;
  const offset = Number(value('--offset') ?? 480);
  if (!now || Number.isNaN(now.getTime()) || !Number.isInteger(offset)) {
    errors.write(`${USAGE}\n--now 必须是 ISO 时间，例如 2026-11-23T10:00:00+08:00 / --now must be an ISO time\n`);
    return 2;
  }
  const opts = { now, utcOffsetMinutes: offset, fromResident: !args.includes('--staff') };
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    output.write(JSON.stringify(contractView(parseCommand(line, opts))) + '\n');
  }
  return 0;
}
