/**
 * The inbound half: WeChat callbacks verified, decrypted, de-duplicated, routed and answered.
 *
 * <p>Entry points: {@link io.wxgate.callback.CallbackPipeline} (strings in, response out), {@link
 * io.wxgate.callback.Router} with {@link io.wxgate.callback.Rule} and {@link
 * io.wxgate.callback.MessageHandler} for business logic, {@link
 * io.wxgate.callback.ConfiguredReplies} for the YAML-driven replies, and {@link
 * io.wxgate.callback.ReceiptSink} where delivery receipts go. A handler that cannot keep a push
 * throws {@link io.wxgate.callback.CallbackUnavailable}: the callback fails and WeChat retries.
 */
package io.wxgate.callback;
