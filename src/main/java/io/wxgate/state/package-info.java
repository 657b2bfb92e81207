/**
 * Shared ephemeral state behind small interfaces: {@link io.wxgate.state.DedupStore} (inbound
 * de-duplication), {@link io.wxgate.state.TokenCache} (access tokens), {@link
 * io.wxgate.state.Locks} (expiring locks) and {@link io.wxgate.state.RateLimits} (token buckets).
 *
 * <p>Entry point: {@link io.wxgate.state.SharedState}, built from {@link
 * io.wxgate.config.StateConfig}. Without Redis every part is in-process; with Redis every part is
 * shared by all instances and falls back to in-process state while Redis is unreachable ({@link
 * io.wxgate.state.SharedState#health()} says DEGRADED), so the gateway keeps working per instance
 * and shares again once Redis answers.
 */
package io.wxgate.state;
