/**
 * WeChat callback cryptography: {@link io.wxgate.wechat.crypto.Signature} (the SHA-1 {@code
 * signature} / {@code msg_signature}, verified in constant time) and {@link
 * io.wxgate.wechat.crypto.MessageCrypt} (AES-256-CBC with PKCS#7-to-32 padding, AppID check and
 * previous-key fallback). Decryption failures are {@link io.wxgate.wechat.crypto.CryptoException}
 * with a typed reason. Pure JDK; no state beyond the keys.
 */
package io.wxgate.wechat.crypto;
