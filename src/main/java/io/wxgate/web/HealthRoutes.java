package io.wxgate.web;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /healthz} (the process serves: every component started) and {@code /readyz} (every
 * dependency answers).
 */
final class HealthRoutes {
  private final List<HealthCheck> checks;
  private final AtomicBoolean started;
  private final AtomicBoolean draining;

  HealthRoutes(List<HealthCheck> checks, AtomicBoolean started, AtomicBoolean draining) {
    this.checks = List.copyOf(checks);
    this.started = started;
    this.draining = draining;
  }

  void live(Context ctx) {
    if (started.get()) {
      ctx.json(Map.of("status", "UP"));
    } else {
      ctx.status(503).json(Map.of("status", "STARTING"));
    }
  }

  void ready(Context ctx) {
    Map<String, String> results = new LinkedHashMap<>();
    boolean ready = started.get() && !draining.get();
    if (!started.get()) results.put("startup", "DOWN: starting");
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
