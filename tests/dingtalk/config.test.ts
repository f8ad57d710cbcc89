// loadDingtalk: every group optional, partial groups and contradictions are configuration errors.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const robot = { DINGTALK_APP_KEY: 'dingk', DINGTALK_APP_SECRET: 's', DINGTALK_ROBOT_CODE: 'dingk' };
const dt = (env: Record<string, string>) => loadConfig(env).dingtalk;

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('DINGTALK_* configuration', () => {
  it('nothing set: every part disabled, official hosts by default', () => {
    expect(dt({})).toEqual({ apiBase: 'https://api.dingtalk.com', oapiBase: 'https://oapi.dingtalk.com', robot: undefined, events: undefined, groupWebhook: undefined });
  });

  it('the robot group, http by default, stream on request; DINGTALK_API_BASE overrides the host', () => {
    expect(dt(robot).robot).toEqual({ appKey: 'dingk', appSecret: 's', robotCode: 'dingk', mode: 'http' });
    expect(dt({ ...robot, DINGTALK_MODE: 'stream' }).robot?.mode).toBe('stream');
    expect(dt({ ...robot, DINGTALK_API_BASE: 'http://127.0.0.1:9999' }).apiBase).toBe('http://127.0.0.1:9999');
  });

  it('event keys: owner key defaults to the AppKey', () => {
    const aes = 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7';
    expect(dt({ ...robot, DINGTALK_EVENT_TOKEN: 't', DINGTALK_EVENT_AES_KEY: aes }).events).toEqual({ token: 't', aesKey: aes, ownerKey: 'dingk' });
    expect(configError({ DINGTALK_EVENT_TOKEN: 't', DINGTALK_EVENT_AES_KEY: aes }).key).toBe('DINGTALK_EVENT_OWNER_KEY');
    expect(configError({ ...robot, DINGTALK_EVENT_TOKEN: 't', DINGTALK_EVENT_AES_KEY: 'short' }).key).toBe('DINGTALK_EVENT_AES_KEY');
  });

  it('the custom group robot alone', () => {
    expect(dt({ DINGTALK_GROUP_WEBHOOK: 'https://oapi.dingtalk.com/robot/send?access_token=x', DINGTALK_GROUP_SECRET: 'SECabc' }).groupWebhook).toEqual({
      url: 'https://oapi.dingtalk.com/robot/send?access_token=x',
      secret: 'SECabc',
    });
  });

  it.each([
    [{ DINGTALK_APP_KEY: 'dingk' }, 'DINGTALK_APP_SECRET'],
    [{ DINGTALK_APP_KEY: 'dingk', DINGTALK_APP_SECRET: 's' }, 'DINGTALK_ROBOT_CODE'],
    [{ DINGTALK_EVENT_TOKEN: 't' }, 'DINGTALK_EVENT_AES_KEY'],
    [{ DINGTALK_GROUP_SECRET: 'SECabc' }, 'DINGTALK_GROUP_SECRET'],
    [{ DINGTALK_MODE: 'stream' }, 'DINGTALK_MODE'],
  ])('rejects %o (%s)', (env, key) => {
    expect(configError(env).key).toBe(key);
  });
});
