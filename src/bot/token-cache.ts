// Platform access tokens cached in the token store (shared by every process), refreshed a margin before expiry,
// with one request in flight per process however many senders ask at once.
import type { Clock } from '../clock.js';
import type { TokenStore } from '../store/index.js';

export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

export interface IssuedToken {
  value: string;
  expiresInSeconds: number;
}

export class TokenCache {
  private inflight: Promise<string> | null = null;

  constructor(
    private readonly deps: { tokens: TokenStore; clock: Clock },
    private readonly key: () => string,
    private readonly issue: () => Promise<IssuedToken>,
  ) {}

  async get(opts: { force?: boolean } = {}): Promise<string> {
    if (!opts.force) {
      const cached = await this.deps.tokens.get(this.key());
      if (cached && cached.expiresAt.getTime() - this.deps.clock.now().getTime() > TOKEN_REFRESH_MARGIN_MS) return cached.value;
    }
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** The platform rejected the token: forget it so the next `get` fetches a new one. */
  drop(): Promise<void> {
    return this.deps.tokens.drop(this.key());
  }

  private async refresh(): Promise<string> {
    const key = this.key();
    const t = await this.issue();
    await this.deps.tokens.put(key, t.value, new Date(this.deps.clock.now().getTime() + t.expiresInSeconds * 1000));
    return t.value;
  }
}
