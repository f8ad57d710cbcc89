// The HTTP client every platform API client starts from: JSON, a timeout (a hung platform becomes a retry),
// every status handed back to the caller (the platforms answer errors with 200 + errcode), no redirects.
import axios, { type AxiosInstance } from 'axios';

export function platformHttp(opts: { timeoutMs?: number; maxContentLength: number }): AxiosInstance {
  return axios.create({
    timeout: opts.timeoutMs ?? 10_000,
    validateStatus: () => true,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    maxRedirects: 0,
    maxContentLength: opts.maxContentLength,
  });
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
