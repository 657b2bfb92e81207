package io.wxgate.wechat.crypto;

import io.wxgate.WxgateException;

/**
 * A ciphertext that cannot be decrypted into a message for this account. The message names the
 * {@link Reason} only; it never contains the ciphertext, the plaintext or a key.
 */
public final class CryptoException extends WxgateException {
  /** Why decryption failed; stable names suitable as a metrics tag. */
  public enum Reason {
    /** Not valid standard Base64 (or null). */
    BAD_BASE64,
    /** Decoded length zero or not a multiple of the AES block size (16). */
    BAD_LENGTH,
    /** The PKCS#7 (block 32) padding is not 1..32 identical bytes. */
    BAD_PADDING,
    /** The embedded message length points outside the decrypted buffer. */
    BAD_MSG_LEN,
    /** The trailing AppID differs from the account's AppID. */
    APPID_MISMATCH
  }

  private final Reason reason;

  CryptoException(Reason reason) {
    super("message decryption failed: " + reason);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
