package io.wxgate.web;

import io.javalin.config.JavalinConfig;

/**
 * A group of routes added to the app, so the composition root can choose modules without touching
 * Javalin types itself.
 */
@FunctionalInterface
public interface Routes {
  void addTo(JavalinConfig config);
}
