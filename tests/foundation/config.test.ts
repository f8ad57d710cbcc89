import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const WECOM_APP = {
  WECOM_CORP_ID: 'ww1436e0e65a779aee',
  WECOM_TOKEN: 'QDG6eK',
  WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 's3cr3t',
};

describe('loadConfig', () => {
  it('selects PostgreSQL with a postgresql:// DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://dutydesk@127.0.0.1:5432/dutydesk' }).databaseUrl).toBe('postgresql://dutydesk@127.0.0.1:5432/dutydesk');
  });
  it('works with an empty environment: SQLite file, port 3000, console on, no platforms', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBe('file:./data/dutydesk.db');
    expect(c.port).toBe(3000);
    expect(c.timeZone).toBe('Asia/Shanghai');
    expect(c.utcOffsetMinutes).toBe(480);
    expect(c.console.enabled).toBe(true);
    expect(c.wecom.app).toBeUndefined();
    expect(c.wecom.aibot).toBeUndefined();
    expect(c.dingtalk.robot).toBeUndefined();
    expect(c.sla.levels).toEqual([80, 100, 150, 200]);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('leave (#13): the working day 09:00-12:00 and 13:00-18:00 (8 h), no top approver, managers without a limit', () => {
    expect(loadConfig({}).leave).toMatchObject({
      leadMaxDays: 1, supervisorMaxDays: 3, managerMaxDays: 0, topApprover: null,
      workHours: { am: { start: 540, end: 720 }, pm: { start: 780, end: 1080 }, dayMinutes: 480 },
    });
    const c = loadConfig({ LEAVE_TOP_APPROVER: ' 王总 ', LEAVE_WORK_HOURS: '08:30-12:00，14:00-17:30', LEAVE_MANAGER_MAX_DAYS: '15' }).leave;
    expect(c).toMatchObject({ topApprover: '王总', managerMaxDays: 15, workHours: { am: { start: 510, end: 720 }, pm: { start: 840, end: 1050 }, dayMinutes: 420 } });
  });

  it('limits each webhook route to 1200 requests a minute per client IP unless told otherwise; 0 turns it off', () => {
    expect(loadConfig({}).webhookRateLimitPerMinute).toBe(1200);
    expect(loadConfig({ WEBHOOK_RATE_LIMIT_PER_MINUTE: '60' }).webhookRateLimitPerMinute).toBe(60);
    expect(loadConfig({ WEBHOOK_RATE_LIMIT_PER_MINUTE: '0' }).webhookRateLimitPerMinute).toBe(0);
  });

  it('drill time and patrol rounds: defaults and accepted forms', () => {
    const c = loadConfig({});
    expect(c.sla.drillDefaultTime).toBe('09:00');
    expect(c.patrol).toEqual({ kinds: ['fire-patrol'], team: '保安', intervalHours: 2, from: 0, until: 24 * 60 });
    expect(loadConfig({ DRILL_DEFAULT_TIME: '8:30' }).sla.drillDefaultTime).toBe('08:30');
    const night = loadConfig({ PATROL_ACTIVE_HOURS: '20:00-08:00', PATROL_KINDS: 'fire-patrol，夜间治安巡逻', PATROL_TEAM: '秩序维护', PATROL_INTERVAL_HOURS: '3' }).patrol;
    expect(night).toEqual({ kinds: ['fire-patrol', '夜间治安巡逻'], team: '秩序维护', intervalHours: 3, from: 20 * 60, until: 8 * 60 });
    expect(loadConfig({ PATROL_KINDS: 'none' }).patrol.kinds).toEqual([]);
  });

  it('enables the WeCom app when its group is complete', () => {
    const c = loadConfig(WECOM_APP);
    expect(c.wecom.app).toMatchObject({ corpId: 'ww1436e0e65a779aee', agentId: 1000002 });
  });

  it.each([
    [{ ...WECOM_APP, WECOM_ENCODING_AES_KEY: 'short' }, 'WECOM_ENCODING_AES_KEY', 'must be 43 characters'],
    [{ WECOM_CORP_ID: 'ww1' }, 'WECOM_TOKEN', 'is required when WECOM_CORP_ID is set'],
    [{ PORT: 'abc' }, 'PORT', 'must be an integer'],
    [{ PORT: '70000' }, 'PORT', 'must be an integer between 0 and 65535'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', 'must start with file: (SQLite) or postgresql://'],
    [{ TIME_ZONE: 'Mars/Base' }, 'TIME_ZONE', 'IANA'],
    [{ CONSOLE_ENABLED: 'maybe' }, 'CONSOLE_ENABLED', 'true or false'],
    [{ DINGTALK_MODE: 'socket' }, 'DINGTALK_MODE', 'http, stream'],
    [{ DINGTALK_GROUP_WEBHOOK: 'not a url' }, 'DINGTALK_GROUP_WEBHOOK', 'http'],
    [{ SLA_ALERT_LEVELS: '100,80,150,200' }, 'SLA_ALERT_LEVELS', 'increasing'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'must be one of'],
    [{ SLA_SWEEP_CRON: 'every minute' }, 'SLA_SWEEP_CRON', 'cron'],
    [{ WEBHOOK_RATE_LIMIT_PER_MINUTE: 'lots' }, 'WEBHOOK_RATE_LIMIT_PER_MINUTE', 'must be an integer between 0 and 10000000'],
    [{ WEBHOOK_RATE_LIMIT_PER_MINUTE: '-5' }, 'WEBHOOK_RATE_LIMIT_PER_MINUTE', 'must be an integer'],
    [{ WEBHOOK_RATE_LIMIT_PER_MINUTE: '20000000' }, 'WEBHOOK_RATE_LIMIT_PER_MINUTE', 'must be an integer'],
    [{ LEAVE_WORK_HOURS: '09:00-18:00' }, 'LEAVE_WORK_HOURS', 'a morning and an afternoon'],
    [{ LEAVE_WORK_HOURS: '13:00-18:00,09:00-12:00' }, 'LEAVE_WORK_HOURS', 'a morning and an afternoon'],
    [{ LEAVE_WORK_HOURS: '9点-12点,13点-18点' }, 'LEAVE_WORK_HOURS', 'a morning and an afternoon'],
    [{ LEAVE_TOP_APPROVER: '王总,李总' }, 'LEAVE_TOP_APPROVER', 'one person'],
    [{ LEAVE_MANAGER_MAX_DAYS: 'many' }, 'LEAVE_MANAGER_MAX_DAYS', 'must be an integer'],
    [{ DRILL_DEFAULT_TIME: '9点' }, 'DRILL_DEFAULT_TIME', 'HH:MM'],
    [{ DRILL_DEFAULT_TIME: '24:00' }, 'DRILL_DEFAULT_TIME', 'HH:MM'],
    [{ PATROL_INTERVAL_HOURS: '0' }, 'PATROL_INTERVAL_HOURS', 'must be an integer between 1 and 24'],
    [{ PATROL_ACTIVE_HOURS: '8-22' }, 'PATROL_ACTIVE_HOURS', 'start-end'],
    [{ PATROL_KINDS: 'fire-patorl' }, 'PATROL_KINDS', 'patrol kinds'],
  ])('rejects %o naming %s in Chinese and English', (env, key, en) => {
    let err: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.key).toBe(key);
    expect(e.message).toContain(key);
    expect(e.message).toContain(en);
    expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('.env.example', () => {
  it('documents every key loadConfig reads, and its values load as they are', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('dotenv');
    const example = readFileSync('.env.example', 'utf8');
    const source = ['src/config.ts', 'src/config-patrol.ts', 'src/config-instances.ts'].map((f) => readFileSync(f, 'utf8')).join('\n');
    const read = new Set([...source.matchAll(/'([A-Z][A-Z0-9_]{2,})'/g)].map((m) => m[1]!).filter((k) => k !== 'CONFIG_INVALID' && (k.includes('_') || ['PORT', 'HOST'].includes(k))));
    for (const key of read) expect(example, key).toMatch(new RegExp(`^#? ?${key}=`, 'm'));
    expect(() => loadConfig(parse(example))).not.toThrow();
  });
});
