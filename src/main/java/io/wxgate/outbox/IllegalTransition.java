package io.wxgate.outbox;

import io.wxgate.WxgateException;

/** A message cannot make the requested move from its current state (e.g. cancel a SENT one). */
public final class IllegalTransition extends WxgateException {
  private final String id;
  private final State from;
  private final State to;

  public IllegalTransition(String id, State from, State to) {
    super("message " + id + " is " + from + " and cannot move to " + to);
    this.id = id;
    this.from = from;
    this.to = to;
  }

  public String id() {
    return id;
  }

  public State from() {
    return from;
  }

  public State to() {
    return to;
  }
}
