package io.wxgate.wechat;

/** Hands the conversation to customer service; {@code kfAccount} (a specific agent) may be null. */
public record TransferCustomerServiceReply(String kfAccount) implements Reply {

  @Override
  public String msgType() {
    return "transfer_customer_service";
  }
}
