package io.wxgate.sandbox;

import java.time.Instant;

/**
 * One call the sandbox received (or one callback it pushed, api {@code receipt}), with what it
 * answered. Credentials ({@code secret}, {@code access_token}) are redacted from {@code query} and
 * {@code body}.
 *
 * @param seq order of arrival, from 1
 * @param api {@code token}, {@code stable_token}, {@code template}, {@code bizsend} or {@code
 *     receipt}
 * @param appId the AppID the call was for, or null when it could not be told (bad token)
 * @param body the JSON received; for a receipt, the plaintext event XML pushed
 * @param errcode errcode answered; -1 with errmsg {@code HTTP 5xx (injected)} for an injected HTTP
 *     error (then {@code appId} is null); for a receipt 0 when the callback answered 2xx, else -1
 * @param msgId msgid assigned to an accepted send (also when bizsend's answer leaves it out), or
 *     carried by a receipt
 * @param duplicate true when a template send was a {@code client_msg_id} repeat
 */
public record RecordedRequest(
    long seq,
    String api,
    String appId,
    Instant receivedAt,
    String query,
    String body,
    int errcode,
    String errmsg,
    Long msgId,
    boolean duplicate) {}
