package io.wxgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonMappersTest {
  @Test
  void buffers_released_on_one_virtual_thread_are_reused_on_the_next() throws Exception {
    ObjectMapper json = JsonMappers.create();
    RecyclerPool<BufferRecycler> pool = json.getFactory()._getRecyclerPool();
    BufferRecycler[] used = new BufferRecycler[2];
    for (int i = 0; i < used.length; i++) {
      int n = i;
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  assertThat(json.writeValueAsString(Map.of("n", n)))
                      .isEqualTo("{\"n\":" + n + "}");
                  used[n] = pool.acquireAndLinkPooled();
                  used[n].releaseToPool();
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              })
          .join();
    }
    // Jackson's default pool is per thread: each new virtual thread would get a recycler of its own
    assertThat(used[1]).isSameAs(used[0]);
    assertThat(JsonMappers.create().getFactory()._getRecyclerPool()).isSameAs(pool);
  }
}
