/**
 * Operations tests from issue 6: the metrics a scripted run exposes, readiness during PostgreSQL
 * and Redis outages, graceful shutdown on SIGTERM during a burst, and no secret in any log line or
 * error body. {@link io.wxgate.ops.OpsStack} is the sandbox plus the environment a gateway needs.
 */
package io.wxgate.ops;
