// Prometheus metrics (GET /metrics): one registry per app, no globals. Label values such as platform and channel
// come from the messages and outbox rows the channel modules produce; this file names none of them.
// Who may read it: with METRICS_TOKEN set, whoever sends `Authorization: Bearer <token>`; without it, only this
// machine, and not through a reverse proxy (nginx on the same host makes every request loopback).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { slaSweep } from './handlers/jobs/sla-sweep.js';
import type { OutboxStatus, Stores } from './store/index.js';

export interface Metrics {
  readonly registry: Registry;
  /** A delivery handed to the dispatcher by a channel (duplicate: a platform retry of a message seen before). */
  delivery(platform: string, duplicate: boolean): void;
  /** A message processed; lagSeconds from its arrival to the end of its processing. */
  processed(platform: string, lagSeconds: number): void;
  /** One run of a scheduled job (cron or `jobs run`). */
  jobRun(job: string, outcome: 'ok' | 'error', seconds: number): void;
}

/** Outbox statuses reported per channel. */
const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'sending', 'failed'];
const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const JOB_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics(stores: Pick<Stores, 'inbound' | 'outbox'>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const deliveries = new Counter({
    name: 'dutydesk_inbound_deliveries_total',
    help: 'Deliveries received from the chat platforms, by platform; duplicate="true" are platform retries.',
    labelNames: ['platform', 'duplicate'] as const,
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'dutydesk_processing_lag_seconds',
    help: 'Time from a message arriving to the end of its processing, by platform.',
    labelNames: ['platform'] as const,
    buckets: LAG_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'dutydesk_inbound_backlog',
    help: 'Messages recorded but not processed yet.',
    registers: [registry],
    async collect() {
      this.set(await stores.inbound.countUnprocessed());
    },
  });
  new Gauge({
    name: 'dutydesk_outbox_messages',
    help: 'Outbox rows by channel and status: pending (waiting to be sent), sending (claimed by a sender), failed (given up).',
    labelNames: ['channel', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await stores.outbox.countByChannel(OUTBOX_STATUSES)) this.set({ channel: row.channel, status: row.status }, row.count);
    },
  });
  const jobRuns = new Counter({
    name: 'dutydesk_job_runs_total',
    help: 'Runs of the scheduled jobs, by job and outcome (ok | error).',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'dutydesk_job_duration_seconds',
    help: 'How long each run of a scheduled job took, by job.',
    labelNames: ['job'] as const,
    buckets: JOB_BUCKETS,
    registers: [registry],
  });
  const sweepDuration = new Histogram({
    name: 'dutydesk_sla_sweep_duration_seconds',
    help: 'How long each SLA sweep (deadline alerts) took.',
    buckets: JOB_BUCKETS,
    registers: [registry],
  });

  return {
    registry,
    delivery(platform, duplicate) {
      deliveries.inc({ platform, duplicate: String(duplicate) });
    },
    processed(platform, lagSeconds) {
      lag.observe({ platform }, Math.max(0, lagSeconds));
    },
    jobRun(job, outcome, seconds) {
      jobRuns.inc({ job, outcome });
      jobDuration.observe({ job }, seconds);
      if (job === slaSweep.name) sweepDuration.observe(seconds);
    },
  };
}

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host', 'x-forwarded-proto', 'via'];

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Null when the request may read the metrics; else the status and the reason. */
export function metricsRefusal(req: FastifyRequest, token: string | undefined): { status: 401 | 403; error: string } | null {
  if (token) {
    const auth = req.headers.authorization;
    if (typeof auth === 'string' && auth.startsWith('Bearer ') && same(auth.slice(7), token)) return null;
    return { status: 401, error: '需要令牌：请求头带上 Authorization: Bearer <METRICS_TOKEN> metrics token required' };
  }
  const local = LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? '') && !PROXY_HEADERS.some((h) => req.headers[h] !== undefined);
  if (local) return null;
  return { status: 403, error: '指标只对本机开放；要从其他机器抓取，请设置 METRICS_TOKEN 并带上 Authorization: Bearer <令牌> metrics are local only unless METRICS_TOKEN is set' };
}

export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  app.get('/metrics', async (req: FastifyRequest, reply: FastifyReply) => {
    const refusal = metricsRefusal(req, token);
    if (refusal) {
      if (refusal.status === 401) void reply.header('www-authenticate', 'Bearer realm="metrics"');
      return reply.status(refusal.status).send({ error: refusal.error });
    }
    const body = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(body);
  });
}
