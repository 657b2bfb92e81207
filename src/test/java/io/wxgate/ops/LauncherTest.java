package io.wxgate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./wxgate} launcher's JVM flags, run against a stand-in {@code java} that prints the
 * arguments it was given (no build, no start-up cache, no JVM).
 */
class LauncherTest {
  @TempDir Path dir;

  @Test
  void by_default_the_gateway_runs_on_serial_gc_with_a_small_initial_heap() throws Exception {
    List<String> args = launch("");

    assertThat(args).contains("-XX:+UseSerialGC", "-Xms32m", "-Xmx256m");
    assertThat(args.subList(args.size() - 3, args.size()))
        .containsExactly("-jar", dir.resolve("target/wxgate.jar").toString(), "serve");
  }

  @Test
  void a_collector_chosen_in_java_opts_replaces_serial_gc_instead_of_clashing_with_it()
      throws Exception {
    assertThat(launch("-XX:+UseG1GC -Xmx1g"))
        .doesNotContain("-XX:+UseSerialGC")
        .containsSubsequence("-Xmx256m", "-XX:+UseG1GC", "-Xmx1g");
    assertThat(launch("-XX:+UseZGC")).doesNotContain("-XX:+UseSerialGC").contains("-XX:+UseZGC");
  }

  @Test
  void a_young_generation_sized_in_java_opts_drops_the_initial_heap_it_would_not_fit()
      throws Exception {
    assertThat(launch("-Xmn64m")).doesNotContain("-Xms32m").contains("-Xmn64m", "-XX:+UseSerialGC");
    assertThat(launch("-XX:NewSize=48m")).doesNotContain("-Xms32m");
  }

  @Test
  void other_java_opts_come_last_and_leave_the_defaults_in_place() throws Exception {
    List<String> args = launch("-Xmx512m");

    assertThat(args).contains("-XX:+UseSerialGC", "-Xms32m");
    assertThat(args.indexOf("-Xmx512m")).isGreaterThan(args.indexOf("-Xmx256m"));
  }

  @Test
  void native_memory_is_trimmed_on_jdks_that_have_the_product_flag() throws Exception {
    assertThat(launch("")).contains("-XX:TrimNativeHeapInterval=1000");

    Files.writeString(dir.resolve("jdk/release"), "JAVA_VERSION=\"21.0.2\"\n");
    assertThat(launch("")).noneMatch(a -> a.startsWith("-XX:TrimNativeHeapInterval"));
  }

  /** A copy of the launcher beside a stand-in JDK, sources and a jar newer than them. */
  @BeforeEach
  void launcherWithStandInJava() throws IOException {
    Files.copy(Path.of("wxgate"), dir.resolve("wxgate"));
    Path jdk = Files.createDirectories(dir.resolve("jdk/bin"));
    Files.writeString(dir.resolve("jdk/release"), "JAVA_VERSION=\"25.0.1\"\n");
    executable(
        jdk.resolve("java"),
        "#!/usr/bin/env bash\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
    Files.createDirectories(dir.resolve("src/main"));
    Files.writeString(dir.resolve("pom.xml"), "<project/>");
    Path jar = Files.createDirectories(dir.resolve("target")).resolve("wxgate.jar");
    Files.writeString(jar, "not a jar: the stand-in java never opens it");
    // newer than the sources, so the launcher does not build
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
  }

  /** Runs the launcher with {@code JAVA_OPTS}; returns the arguments java was given. */
  private List<String> launch(String javaOpts) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", dir.resolve("wxgate").toString(), "serve");
    pb.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
    pb.environment().put("JAVA_OPTS", javaOpts);
    pb.environment().put("WXGATE_CDS", "off");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().toList();
  }

  private static void executable(Path file, String content) throws IOException {
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
