// Listening comes first: the port answers (/healthz) at once, then the messages a crash left unprocessed are
// recovered in the background, in arrival order, while new deliveries are acknowledged (/readyz shows the backlog).
import type { Runtime } from './runtime.js';

export interface Serving {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** Resolves with the number of old messages recovered. */
  recovery: Promise<number>;
}

/**
 * at.announce prints the channels' start lines (the console's address with its token) for the person at the
 * terminal; the logs never carry the token (they redact it).
 */
export async function serve(rt: Runtime, at: { port: number; host: string; announce(line: string): void }): Promise<Serving> {
  const { app, logger } = rt;
  await app.listen({ port: at.port, host: at.host });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : at.port}`;
  logger.info(`值班台已启动 DutyDesk is up: ${baseUrl}/healthz`);
  for (const ch of rt.channels) {
    const line = ch.announce?.(baseUrl);
    if (line) {
      logger.info(line);
      at.announce(line);
    }
  }
  const recovery = rt.dispatcher.recover().then(
    (recovered) => {
      if (recovered) logger.warn({ recovered }, '已补处理上次未完成的消息 recovered unprocessed messages');
      // Several instances: what a dead one acknowledged but never processed is taken over by the others.
      if (rt.config.instances.inboundSweepSeconds > 0) rt.dispatcher.sweepStale(rt.config.instances.inboundSweepSeconds);
      return recovered;
    },
    (err: unknown) => {
      logger.error({ err }, '补处理未完成的消息失败 recovery failed');
      return 0;
    },
  );
  return { baseUrl, recovery };
}
