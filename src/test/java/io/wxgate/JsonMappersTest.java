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
    // The pool is shared by the whole JVM, so a thread another test left running may take or
    // return a recycler between the two below: one reuse in a few tries proves it is shared.
    // Jackson's default pool is per thread: a new virtual thread never gets another's recycler.
    boolean reused = false;
    for (int attempt = 0; attempt < 20 && !reused; attempt++) {
      BufferRecycler first = useAndRelease(json, pool, 1);
      BufferRecycler second = useAndRelease(json, pool, 2);
      reused = first == second;
    }
    assertThat(reused).as("a recycler released on one virtual thread reused on the next").isTrue();
    assertThat(JsonMappers.create().getFactory()._getRecyclerPool()).isSameAs(pool);
  }

  private static BufferRecycler useAndRelease(
      ObjectMapper json, RecyclerPool<BufferRecycler> pool, int n) throws InterruptedException {
    BufferRecycler[] used = new BufferRecycler[1];
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                assertThat(json.writeValueAsString(Map.of("n", n))).isEqualTo("{\"n\":" + n + "}");
                used[0] = pool.acquireAndLinkPooled();
                used[0].releaseToPool();
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            })
        .join();
    return used[0];
  }
}
