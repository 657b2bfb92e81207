package io.wxgate.token;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs tasks on virtual threads released at the same moment, and collects their results. */
final class Concurrently {
  private Concurrently() {}

  static List<String> run(int n, IntFunction<String> task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        int id = i;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.apply(id);
                }));
      }
      start.countDown();
      List<String> results = new ArrayList<>();
      for (Future<String> f : futures) results.add(f.get());
      return results;
    }
  }
}
