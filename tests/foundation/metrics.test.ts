// GET /metrics: the counters move with real traffic and job runs; only this machine or a bearer token may read it.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { runAllJobs, runJob } from '../../src/scheduler.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The value of one sample: the metric's line whose labels include all of `labels` (undefined when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function scrape(app: TestApp['app']): Promise<string> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.body;
}

describe('GET /metrics', () => {
  it('counts deliveries, processing lag, backlog, outbox rows per channel, job runs and the sweep, with the process metrics', async () => {
    t = await buildTestApp();
    const before = await scrape(t.app);
    expect(sample(before, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(sample(before, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(sample(before, 'dutydesk_inbound_backlog')).toBe(0);
    expect(sample(before, 'dutydesk_inbound_deliveries_total', { platform: 'console' })).toBeUndefined();

    expect(await say(t, '王芳', '报修 3栋2单元1502 厨房水管漏水')).toContain('报修');
    // A delivery recorded but not processed (as after a crash) is backlog.
    await t.stores.inbound.recordMany([{ platform: 'console', msgId: 'left-over', text: '帮助', receivedAt: t.clock.now() }], t.clock.now());

    const after = await scrape(t.app);
    expect(sample(after, 'dutydesk_inbound_deliveries_total', { platform: 'console', duplicate: 'false' })).toBe(1);
    expect(sample(after, 'dutydesk_processing_lag_seconds_count', { platform: 'console' })).toBe(1);
    expect(sample(after, 'dutydesk_inbound_backlog')).toBe(1);
    // The repair was pushed to the team: every pending row appears under its channel.
    const pending = await t.stores.outbox.list({ status: 'pending' });
    expect(pending.length).toBeGreaterThan(0);
    for (const channel of new Set(pending.map((r) => r.channel))) {
      expect(sample(after, 'dutydesk_outbox_messages', { channel, status: 'pending' })).toBe(pending.filter((r) => r.channel === channel).length);
    }

    await runAllJobs(t.runtime, t.clock.now(), ['sla-sweep', 'outbox-send']);
    await expect(runJob(t.runtime, { name: 'broken-job', cron: () => '* * * * *', run: async () => Promise.reject(new Error('boom')) }, t.clock.now())).rejects.toThrow('boom');
    const jobs = await scrape(t.app);
    expect(sample(jobs, 'dutydesk_job_runs_total', { job: 'sla-sweep', outcome: 'ok' })).toBe(1);
    expect(sample(jobs, 'dutydesk_job_runs_total', { job: 'outbox-send', outcome: 'ok' })).toBe(1);
    expect(sample(jobs, 'dutydesk_job_runs_total', { job: 'broken-job', outcome: 'error' })).toBe(1);
    expect(sample(jobs, 'dutydesk_job_duration_seconds_count', { job: 'outbox-send' })).toBe(1);
    expect(sample(jobs, 'dutydesk_sla_sweep_duration_seconds_count')).toBe(1);
    expect(sample(jobs, 'dutydesk_sla_sweep_duration_seconds_sum')).toBeGreaterThan(0);
  });

  it('without METRICS_TOKEN answers only this machine, and not through a proxy (403)', async () => {
    t = await buildTestApp();
    const remote = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().error).toContain('METRICS_TOKEN');
    const proxied = await t.app.inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '10.1.2.3' } });
    expect(proxied.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1' })).statusCode).toBe(200);
  });

  it('with METRICS_TOKEN wants the bearer token from everyone (401 otherwise)', async () => {
    const token = 'metrics-token-0123456789abcdef';
    t = await buildTestApp({ env: { METRICS_TOKEN: token } });
    for (const headers of [{}, { authorization: 'Bearer wrong-token' }, { authorization: token }]) {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.body).not.toContain(token);
    }
    const ok = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '10.9.9.9' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('dutydesk_inbound_backlog 0');
  });

  it('refuses a short METRICS_TOKEN at start, naming the key', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({}).metricsToken).toBeUndefined();
  });
});
