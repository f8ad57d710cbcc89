import type { TokenStore } from '../../src/store/index.js';

/** A token store in memory, for connections tested outside the app (shared by two of them to share a lease). */
export function memoryTokens(): TokenStore {
  const m = new Map<string, { value: string; expiresAt: Date }>();
  return { get: async (k) => m.get(k) ?? null, put: async (k, value, expiresAt) => void m.set(k, { value, expiresAt }), drop: async (k) => void m.delete(k) };
}
