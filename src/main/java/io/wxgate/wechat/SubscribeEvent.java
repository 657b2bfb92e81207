package io.wxgate.wechat;

/**
 * A follow. A plain follow has an empty {@code eventKey}; a follow through a parametric QR code has
 * {@code eventKey} = {@code qrscene_} + scene value and a {@code ticket} (else null).
 */
public record SubscribeEvent(Header header, String eventKey, String ticket) implements Event {
  public static final String EVENT = "subscribe";

  @Override
  public String event() {
    return EVENT;
  }

  /** The QR scene value without the {@code qrscene_} prefix, or null for a plain follow. */
  public String sceneValue() {
    return eventKey.startsWith("qrscene_") ? eventKey.substring("qrscene_".length()) : null;
  }

  public SubscribeEvent {
    java.util.Objects.requireNonNull(eventKey, "eventKey");
  }
}
