// Small key-value tables shared by every process: platform access tokens (and leases), sync cursors.

export interface TokenStore {
  get(key: string): Promise<{ value: string; expiresAt: Date } | null>;
  put(key: string, value: string, expiresAt: Date): Promise<void>;
  drop(key: string): Promise<void>;
}

export interface CursorStore {
  get(key: string): Promise<string | null>;
  put(key: string, cursor: string): Promise<void>;
}
