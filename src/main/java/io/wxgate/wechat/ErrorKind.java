package io.wxgate.wechat;

/** What to do about a WeChat errcode; see the table in wechat-protocol.md §8. */
public enum ErrorKind {
  /** errcode 0. */
  OK,
  /** -1, HTTP 5xx, timeouts, non-JSON answers: retry with backoff and jitter. */
  TRANSIENT,
  /** 40001, 40014, 42001, 41001 on an API call: invalidate that token, refresh, retry once. */
  TOKEN_INVALID,
  /** 45011: calls too frequent; retry after a delay at a lower rate. */
  RATE_LIMITED,
  /** 45009: the daily quota is exhausted; pause the AppID until it resets. */
  QUOTA_EXHAUSTED,
  /** 40003, 40037, 43004, 43101, 47003, 48001, 50001, 50002…: never retry. */
  PERMANENT,
  /** Credentials or account set-up is wrong (40013, 40002, 40164, 40243, 40125…): alert a human. */
  CONFIG,
  /** 8950x: an administrator must confirm or was asked to; hold and retry slowly. */
  ADMIN_HOLD
}
