/**
 * Inbound messages and events forwarded to the business: a synchronous webhook whose JSON answer
 * becomes the passive reply within the callback deadline, a durable asynchronous webhook with
 * signed deliveries and retries, and RabbitMQ with publisher confirms. The durable targets share
 * one table ({@code forward_delivery}) and the outbox's claim/lease pattern.
 *
 * <p>Entry points: {@link io.wxgate.forward.Forwarding} (built from {@code ForwardConfig}; adds one
 * callback route per rule, owns the {@link io.wxgate.forward.DeliveryWorker}), {@link
 * io.wxgate.forward.Deliveries} for the operations API, {@link io.wxgate.forward.ForwardEvent} (the
 * JSON every target receives) and {@link io.wxgate.forward.Signatures} (how receivers verify a
 * delivery).
 */
package io.wxgate.forward;
