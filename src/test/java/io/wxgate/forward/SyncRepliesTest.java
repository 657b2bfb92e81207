package io.wxgate.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wxgate.wechat.Article;
import io.wxgate.wechat.ImageReply;
import io.wxgate.wechat.MusicReply;
import io.wxgate.wechat.NewsReply;
import io.wxgate.wechat.Reply;
import io.wxgate.wechat.TextReply;
import io.wxgate.wechat.TransferCustomerServiceReply;
import io.wxgate.wechat.VideoReply;
import io.wxgate.wechat.VoiceReply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncRepliesTest {
  static Optional<Reply> parse(String json) {
    return SyncReplies.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void every_reply_type_is_read_from_its_json_shape() {
    assertThat(parse("{\"reply\":{\"type\":\"text\",\"content\":\"hi\"}}"))
        .contains(new TextReply("hi"));
    assertThat(parse("{\"reply\":{\"type\":\"image\",\"mediaId\":\"M\"}}"))
        .contains(new ImageReply("M"));
    assertThat(parse("{\"reply\":{\"type\":\"voice\",\"mediaId\":\"M\"}}"))
        .contains(new VoiceReply("M"));
    assertThat(
            parse(
                "{\"reply\":{\"type\":\"video\",\"mediaId\":\"M\",\"title\":\"T\","
                    + "\"description\":\"D\"}}"))
        .contains(new VideoReply("M", "T", "D"));
    assertThat(
            parse(
                "{\"reply\":{\"type\":\"music\",\"title\":\"T\",\"musicUrl\":\"u\","
                    + "\"hqMusicUrl\":\"h\",\"thumbMediaId\":\"TM\"}}"))
        .contains(new MusicReply("T", null, "u", "h", "TM"));
    assertThat(
            parse(
                "{\"reply\":{\"type\":\"news\",\"articles\":[{\"title\":\"A\","
                    + "\"description\":\"d\",\"picUrl\":\"p\",\"url\":\"u\"}]}}"))
        .contains(new NewsReply(List.of(new Article("A", "d", "p", "u"))));
    assertThat(parse("{\"reply\":{\"type\":\"transfer_customer_service\"}}"))
        .contains(new TransferCustomerServiceReply(null));
  }

  @Test
  void an_empty_body_an_empty_object_and_a_null_reply_mean_success() {
    assertThat(SyncReplies.parse(new byte[0])).isEmpty();
    assertThat(parse("{}")).isEmpty();
    assertThat(parse("{\"reply\":null}")).isEmpty();
  }

  @Test
  void unusable_answers_are_refused_with_a_reason() {
    assertThatThrownBy(() -> parse("not json")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> parse("{\"reply\":{\"type\":\"text\"}}"))
        .hasMessageContaining("reply.content is required");
    assertThatThrownBy(() -> parse("{\"reply\":{\"type\":\"gif\"}}"))
        .hasMessageContaining("unknown reply.type gif");
    assertThatThrownBy(() -> parse("{\"reply\":{\"type\":\"news\",\"articles\":[]}}"))
        .isInstanceOf(SyncReplies.BadReply.class);
  }
}
