/**
 * Outbound messages: accept durably, send with retries, track to the final state, alert a human.
 *
 * <p>Entry points: {@link io.wxgate.outbox.Outbox} (enqueue, enqueueBatch, get, list, retry,
 * cancel, markDelivered), {@link io.wxgate.outbox.Dispatcher} (claim with a lease → throttle →
 * token → send → classify → record; {@code runOnce()} plus a virtual-thread loop), {@link
 * io.wxgate.outbox.Alerts} (webhooks: generic JSON, DingTalk, WeCom), {@link
 * io.wxgate.outbox.Retention}. States and their allowed moves are {@link io.wxgate.outbox.State};
 * every UPDATE names the state it expects. The dispatcher depends on two small interfaces the
 * gateway wires: {@link io.wxgate.outbox.Sender} (WeChat or the sandbox) and {@link
 * io.wxgate.outbox.SendThrottle} (per-AppID rate).
 */
package io.wxgate.outbox;
