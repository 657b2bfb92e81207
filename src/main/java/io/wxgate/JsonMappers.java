package io.wxgate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Jackson mappers for code that runs on virtual threads. Jackson recycles its read and write
 * buffers (~12 KB per parser or generator) per thread by default, and a virtual thread usually
 * makes one JSON call in its whole life, so every call allocated them anew: 40 % of the bytes the
 * send pipeline allocated (async-profiler, docs/BENCHMARKS.md). These mappers share one bounded
 * pool of buffers across all threads instead.
 */
public final class JsonMappers {
  private JsonMappers() {}

  /** A new mapper with Jackson's defaults, except that its buffers come from the shared pool. */
  public static ObjectMapper create() {
    return new ObjectMapper(
        JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedBoundedPool()).build());
  }
}
