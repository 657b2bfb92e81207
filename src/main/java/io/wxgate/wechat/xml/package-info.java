/**
 * WeChat XML on the wire: {@link io.wxgate.wechat.xml.XmlCodec} reads push envelopes and messages
 * into the {@link io.wxgate.wechat.InboundMessage} records and writes {@link
 * io.wxgate.wechat.Reply} XML and the encrypted reply envelope. Hostile input (DOCTYPE/XXE, entity
 * bombs, oversized, deep or wide documents, truncation) ends as {@link
 * io.wxgate.wechat.xml.XmlException} with a typed reason.
 */
package io.wxgate.wechat.xml;
