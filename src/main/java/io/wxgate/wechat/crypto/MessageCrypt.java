package io.wxgate.wechat.crypto;

import io.wxgate.wechat.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat's message encryption for one account: AES-256-CBC with IV = first 16 key bytes, PKCS#7
 * padding to 32-byte blocks, plaintext {@code random16 | msg_len(4, big-endian) | msg | appId}.
 * Unlike the official samples and WxJava, decryption rejects bad padding and checks the trailing
 * AppID.
 *
 * <p>Holds the current EncodingAESKey and optionally the previous one (the official FAQ's rotation
 * advice): {@link #decrypt} tries the current key first, then the previous one, and reports which
 * worked so the reply can be encrypted with the same key via {@link #encryptWith}.
 *
 * <p>Thread-safe; create one per account and keep it.
 */
public final class MessageCrypt {
  private static final int RANDOM_LEN = 16;
  private static final int HEADER_LEN = RANDOM_LEN + 4;
  private static final int PAD_BLOCK = 32;
  private static final byte[] ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
          .getBytes(StandardCharsets.US_ASCII);

  private final byte[] appId;
  private final Key current;
  private final Key previous;
  private static final int MAX_POOLED_CIPHERS = 64;
  private final SecureRandom random = new SecureRandom();

  /** The decrypted message XML and whether only the previous key could decrypt it. */
  public record Decrypted(String xml, boolean usedPreviousKey) {}

  /**
   * A decoded AES key with its specs built once, and pools of ready ciphers: {@code
   * Cipher.getInstance} plus the key schedule cost more than encrypting a message, and
   * thread-locals do not help on virtual threads. After {@code doFinal} a cipher is back in its
   * initialised state (same key and IV), so it can be reused as is.
   */
  private record Key(
      SecretKeySpec spec,
      IvParameterSpec iv,
      BlockingQueue<Cipher> encryptors,
      BlockingQueue<Cipher> decryptors) {
    Key(SecretKeySpec spec, IvParameterSpec iv) {
      // bounded: offer() refuses a cipher beyond the bound in O(1) (a ConcurrentLinkedQueue has
      // to walk itself to count)
      this(
          spec,
          iv,
          new ArrayBlockingQueue<>(MAX_POOLED_CIPHERS),
          new ArrayBlockingQueue<>(MAX_POOLED_CIPHERS));
    }

    static Key decode(String name, Secret encodingAesKey) {
      String text = encodingAesKey.reveal();
      if (text.length() != 43) {
        throw new IllegalArgumentException(name + " must be 43 characters, got " + text.length());
      }
      byte[] raw;
      try {
        // The JDK decoder ignores the unused low bits of the last character, which is what WeChat
        // itself does; strict decoders (commons-codec) reject some real keys.
        raw = Base64.getDecoder().decode(text + "=");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + " is not Base64 text");
      }
      if (raw.length != 32) {
        throw new IllegalArgumentException(name + " must decode to 32 bytes");
      }
      return new Key(
          new SecretKeySpec(raw, "AES"), new IvParameterSpec(Arrays.copyOfRange(raw, 0, 16)));
    }
  }

  /**
   * @param appId the account's AppID, checked against the trailer of every decrypted message
   * @param encodingAesKey the current 43-character EncodingAESKey
   * @param previousAesKey the key in use before the last rotation, or null
   * @throws IllegalArgumentException if a key is malformed (the message never contains the key)
   */
  public MessageCrypt(String appId, Secret encodingAesKey, Secret previousAesKey) {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(encodingAesKey, "encodingAesKey");
    this.appId = appId.getBytes(StandardCharsets.UTF_8);
    this.current = Key.decode("EncodingAESKey", encodingAesKey);
    this.previous =
        previousAesKey == null ? null : Key.decode("previous EncodingAESKey", previousAesKey);
  }

  /** Whether a previous key is configured. */
  public boolean hasPreviousKey() {
    return previous != null;
  }

  /**
   * Decrypts the Base64 {@code Encrypt} text of a push.
   *
   * @throws CryptoException with the reason the current key failed, when neither key works
   */
  public Decrypted decrypt(String base64Ciphertext) {
    byte[] ciphertext = decodeBase64(base64Ciphertext);
    if (ciphertext.length == 0 || ciphertext.length % 16 != 0) {
      throw new CryptoException(CryptoException.Reason.BAD_LENGTH);
    }
    try {
      return new Decrypted(open(current, ciphertext), false);
    } catch (CryptoException first) {
      if (previous == null) {
        throw first;
      }
      try {
        return new Decrypted(open(previous, ciphertext), true);
      } catch (CryptoException ignored) {
        throw first;
      }
    }
  }

  /** Encrypts a reply with the current key and fresh random bytes; returns the Base64 text. */
  public String encrypt(String plaintextXml) {
    return encryptWith(false, plaintextXml);
  }

  /**
   * Encrypts with the current key, or with the previous key when {@code previousKey} is true (pass
   * {@link Decrypted#usedPreviousKey()}).
   *
   * @throws IllegalStateException if the previous key is requested but none is configured
   */
  public String encryptWith(boolean previousKey, String plaintextXml) {
    byte[] nonce = new byte[RANDOM_LEN];
    random.nextBytes(nonce);
    // Alphanumerics like the official samples: costs a few bits of entropy (and a slight bias),
    // which this prefix does not need, and rules out any peer that chokes on non-ASCII bytes here.
    for (int i = 0; i < RANDOM_LEN; i++) {
      nonce[i] = ALPHANUMERIC[(nonce[i] & 0xff) % ALPHANUMERIC.length];
    }
    return encrypt(nonce, plaintextXml, previousKey);
  }

  /** Deterministic encryption for test vectors. */
  String encrypt(byte[] random16, String plaintext, boolean previousKey) {
    if (random16.length != RANDOM_LEN) {
      throw new IllegalArgumentException("random prefix must be 16 bytes");
    }
    Key key = previousKey ? previousKeyOrFail() : current;
    byte[] msg = plaintext.getBytes(StandardCharsets.UTF_8);
    int length = HEADER_LEN + msg.length + appId.length;
    int pad = PAD_BLOCK - length % PAD_BLOCK;
    byte[] buffer = new byte[length + pad];
    System.arraycopy(random16, 0, buffer, 0, RANDOM_LEN);
    buffer[16] = (byte) (msg.length >>> 24);
    buffer[17] = (byte) (msg.length >>> 16);
    buffer[18] = (byte) (msg.length >>> 8);
    buffer[19] = (byte) msg.length;
    System.arraycopy(msg, 0, buffer, HEADER_LEN, msg.length);
    System.arraycopy(appId, 0, buffer, HEADER_LEN + msg.length, appId.length);
    Arrays.fill(buffer, length, buffer.length, (byte) pad);
    return Base64.getEncoder().encodeToString(run(Cipher.ENCRYPT_MODE, key, buffer));
  }

  private Key previousKeyOrFail() {
    if (previous == null) {
      throw new IllegalStateException("no previous EncodingAESKey configured");
    }
    return previous;
  }

  private String open(Key key, byte[] ciphertext) {
    byte[] plain = run(Cipher.DECRYPT_MODE, key, ciphertext);
    int pad = plain[plain.length - 1] & 0xff;
    if (pad < 1 || pad > PAD_BLOCK || pad > plain.length) {
      throw new CryptoException(CryptoException.Reason.BAD_PADDING);
    }
    int end = plain.length - pad;
    for (int i = end; i < plain.length - 1; i++) {
      if (plain[i] != plain[plain.length - 1]) {
        throw new CryptoException(CryptoException.Reason.BAD_PADDING);
      }
    }
    if (end < HEADER_LEN) {
      throw new CryptoException(CryptoException.Reason.BAD_MSG_LEN);
    }
    long msgLen =
        ((plain[16] & 0xffL) << 24)
            | ((plain[17] & 0xffL) << 16)
            | ((plain[18] & 0xffL) << 8)
            | (plain[19] & 0xffL);
    if (msgLen > end - HEADER_LEN) {
      throw new CryptoException(CryptoException.Reason.BAD_MSG_LEN);
    }
    int appIdStart = HEADER_LEN + (int) msgLen;
    if (!Arrays.equals(plain, appIdStart, end, appId, 0, appId.length)) {
      throw new CryptoException(CryptoException.Reason.APPID_MISMATCH);
    }
    return new String(plain, HEADER_LEN, (int) msgLen, StandardCharsets.UTF_8);
  }

  private static byte[] decodeBase64(String text) {
    if (text == null) {
      throw new CryptoException(CryptoException.Reason.BAD_BASE64);
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new CryptoException(CryptoException.Reason.BAD_BASE64);
    }
  }

  private static byte[] run(int mode, Key key, byte[] input) {
    BlockingQueue<Cipher> pool = mode == Cipher.ENCRYPT_MODE ? key.encryptors() : key.decryptors();
    try {
      Cipher cipher = pool.poll();
      if (cipher == null) {
        cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(mode, key.spec(), key.iv());
      }
      byte[] out = cipher.doFinal(input);
      // a cipher is returned only after a clean doFinal; one that threw is dropped
      pool.offer(cipher);
      return out;
    } catch (GeneralSecurityException e) {
      // Lengths are checked before we get here, so this is a broken JCE, not bad input.
      throw new IllegalStateException("AES/CBC/NoPadding unavailable or misused", e);
    }
  }

  @Override
  public String toString() {
    return "MessageCrypt[appId=" + new String(appId, StandardCharsets.UTF_8) + ", keys=****]";
  }
}
