/**
 * The inbound half: WeChat callbacks verified, decrypted, de-duplicated, routed and answered.
 *
 * <p>Entry points: {@link io.wxgate.callback.CallbackPipeline} (strings in, response out), {@link
 * io.wxgate.callback.Router} with {@link io.wxgate.callback.Rule} and {@link
 * io.wxgate.callback.MessageHandler} for business logic, {@link
 * io.wxgate.callback.ConfiguredReplies} for the YAML-driven replies, and {@link
 * io.wxgate.callback.ReceiptSink} where template receipts go.
 */
package io.wxgate.callback;
