package io.wxgate.web;

import java.util.function.Supplier;

/**
 * One dependency checked by {@code /readyz}. {@code probe} answers {@code "UP"}, {@code "DEGRADED:
 * why"} (still ready) or {@code "DOWN: why"} (not ready); it must be fast and must not throw
 * secrets.
 */
public record HealthCheck(String name, Supplier<String> probe) {}
