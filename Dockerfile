# syntax=docker/dockerfile:1
# wxgate container image: build with the Maven wrapper, run on a JRE as a non-root user.
#   docker build -t wxgate .
#   docker run -p 8080:8080 -v wxgate-data:/data wxgate          # sandbox mode, no credentials
# See docs/OPERATIONS.md for configuration, secrets (*_FILE) and running many instances.

ARG JDK_IMAGE=eclipse-temurin:21-jdk
ARG JRE_IMAGE=eclipse-temurin:21-jre

FROM ${JDK_IMAGE} AS build
WORKDIR /src
# Dependencies first, so editing sources does not download the world again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q dependency:go-offline
COPY src src
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests package \
 && cp target/wxgate.jar /wxgate.jar

FROM ${JRE_IMAGE}
ARG VERSION=dev
LABEL org.opencontainers.image.title="wxgate" \
      org.opencontainers.image.description="Self-hosted WeChat Official Account message gateway" \
      org.opencontainers.image.version="${VERSION}"

# A fixed numeric uid/gid, so Kubernetes runAsNonRoot can verify it and volumes can be chowned.
RUN groupadd --system --gid 10001 wxgate \
 && useradd --system --uid 10001 --gid wxgate --home-dir /app --shell /usr/sbin/nologin wxgate \
 && mkdir -p /data \
 && chown wxgate:wxgate /data

COPY --from=build --chown=root:root --chmod=0444 /wxgate.jar /app/wxgate.jar
# Class-data sharing: one training run (`wxgate warmup`: demo mode through the hot paths) records the
# classes the gateway loads; every start then maps them instead of parsing the jar (about half the
# start-up time, see docs/BENCHMARKS.md). A failed training run only costs that speed-up.
RUN java -XX:ArchiveClassesAtExit=/app/wxgate.jsa -jar /app/wxgate.jar warmup >/tmp/warmup.log 2>&1 \
 || { tail -20 /tmp/warmup.log; rm -f /app/wxgate.jsa; }; rm -f /tmp/warmup.log; \
    [ -f /app/wxgate.jsa ] && chmod 0444 /app/wxgate.jsa || true

# The embedded H2 database lives here when WXGATE_DB_URL is not set (one instance only).
ENV WXGATE_DATA_DIR=/data \
    WXGATE_PORT=8080 \
    WXGATE_LOG_FORMAT=json
VOLUME ["/data"]
WORKDIR /app
USER 10001:10001
EXPOSE 8080

# Plain-HTTP liveness with bash alone (no curl in the image). Kubernetes ignores HEALTHCHECK and
# uses its own probes; when wxgate itself serves HTTPS, run the container with --no-healthcheck.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${WXGATE_PORT:-8080} && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# wxgate drains on SIGTERM: readiness false, in-flight callbacks and sends finish, leases released.
STOPSIGNAL SIGTERM
# Heap sized from the container's memory limit, leaving room for metaspace, thread stacks and
# network buffers; an OutOfMemoryError ends the process so the orchestrator restarts it clean.
# More flags: JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError", "-XX:SharedArchiveFile=/app/wxgate.jsa", "-Xshare:auto", "-jar", "/app/wxgate.jar"]
CMD ["serve"]
