// DingTalk's documented send limits (docs/dingtalk.md#rate-limits).

/** Custom group robot limit. */
export const CUSTOM_ROBOT_LIMIT = { limit: 20, windowMs: 60_000 } as const;
/** Robot OpenAPI (batchSend / groupMessages): ~20 QPS per app and API on the standard edition. */
export const ROBOT_API_LIMIT = { limit: 20, windowMs: 1_000 } as const;
