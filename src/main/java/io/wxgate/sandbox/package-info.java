/**
 * A simulated WeChat for tests, benchmarks, demos and {@code wxgate serve} without real accounts.
 *
 * <p>{@link io.wxgate.sandbox.Sandbox} is an HTTP app of its own that answers {@code
 * /cgi-bin/token}, {@code /cgi-bin/stable_token}, template sends and subscription notices with
 * WeChat's validation, errcodes, errmsgs, token lifetimes and quotas; injects faults (errcodes,
 * HTTP 5xx, latency, hangs) set at start or at runtime through {@code /sandbox/faults}; records
 * what it received ({@code /sandbox/requests}, {@code /sandbox/stats}); and pushes {@code
 * TEMPLATESENDJOBFINISH} and {@code subscribe_msg_sent_event} receipts to the gateway's callback
 * URL, signed and encrypted as WeChat does, retrying a push that got no 2xx answer. {@link
 * io.wxgate.sandbox.CallbackClient} pushes user messages and events the same way.
 */
package io.wxgate.sandbox;
