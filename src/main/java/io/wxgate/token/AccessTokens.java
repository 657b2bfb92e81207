package io.wxgate.token;

/**
 * Access tokens per AppID, as the sending side sees them. Thread-safe.
 *
 * <p>{@link #get} never calls WeChat when a fresh token is cached; {@link #invalidate} removes a
 * token only while it is still the given bad one (compare-and-invalidate), so many workers that hit
 * 40001 with the same token cause one refresh.
 */
public interface AccessTokens {
  /**
   * @throws TokenUnavailableException when no token can be obtained (WeChat error, timeout)
   */
  String get(String appId);

  void invalidate(String appId, String badToken);
}
