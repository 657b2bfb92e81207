/**
 * Redis implementations of the {@code io.wxgate.state} interfaces, on Lettuce (and Bucket4j's
 * Lettuce integration for rate limits). The only package that imports {@code io.lettuce}.
 *
 * <p>Entry point: {@link io.wxgate.state.redis.RedisState}. Every operation has a short timeout and
 * throws {@link io.wxgate.state.SharedStateUnavailableException} when Redis does not answer; {@link
 * io.wxgate.state.SharedState} turns that into a fallback to in-process state.
 */
package io.wxgate.state.redis;
