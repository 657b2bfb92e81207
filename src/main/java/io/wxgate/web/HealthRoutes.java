package io.wxgate.web;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code /healthz} (the process serves) and {@code /readyz} (every dependency answers). */
final class HealthRoutes {
  private final List<HealthCheck> checks;
  private final AtomicBoolean draining;

  HealthRoutes(List<HealthCheck> checks, AtomicBoolean draining) {
    this.checks = List.copyOf(checks);
    this.draining = draining;
  }

  void live(Context ctx) {
    ctx.json(Map.of("status", "UP"));
  }

  void ready(Context ctx) {
    Map<String, String> results = new LinkedHashMap<>();
    boolean ready = !draining.get();
    if (draining.get()) results.put("shutdown", "DOWN: draining");
    for (HealthCheck c : checks) {
      String status;
      try {
        status = c.probe().get();
      } catch (RuntimeException e) {
        status = "DOWN: " + e.getClass().getSimpleName();
      }
      results.put(c.name(), status);
      if (status.startsWith("DOWN")) ready = false;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ready ? "UP" : "DOWN");
    body.put("checks", results);
    ctx.status(ready ? 200 : 503).json(body);
  }
}
