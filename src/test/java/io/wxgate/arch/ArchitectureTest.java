package io.wxgate.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package arrows of STYLE.md, checked on every build. */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.wxgate");
  }

  private static String[] allowed(String... packages) {
    String[] base = {"java..", "javax..", "org.slf4j..", "io.wxgate"};
    String[] all = new String[base.length + packages.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(packages, 0, all, base.length, packages.length);
    return all;
  }

  @Test
  void wechat_depends_on_nothing_of_ours() {
    classes()
        .that()
        .resideInAPackage("io.wxgate.wechat..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(allowed("io.wxgate.wechat..", "com.fasterxml.jackson.."))
        .check(classes);
  }

  @Test
  void state_uses_only_wechat_and_config() {
    classes()
        .that()
        .resideInAPackage("io.wxgate.state..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            allowed(
                "io.wxgate.state..",
                "io.wxgate.wechat",
                "io.wxgate.config..",
                "io.lettuce..",
                "io.github.bucket4j..",
                "io.micrometer..",
                "reactor..",
                "io.netty.."))
        .check(classes);
  }

  @Test
  void token_uses_only_wechat_state_and_config() {
    classes()
        .that()
        .resideInAPackage("io.wxgate.token..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            allowed(
                "io.wxgate.token..",
                "io.wxgate.wechat..",
                "io.wxgate.state",
                "io.wxgate.config..",
                "io.micrometer.."))
        .check(classes);
  }

  @Test
  void callback_uses_only_wechat_state_and_config() {
    classes()
        .that()
        .resideInAPackage("io.wxgate.callback..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            allowed(
                "io.wxgate.callback..",
                "io.wxgate.wechat..",
                "io.wxgate.state",
                "io.wxgate.config..",
                "io.micrometer.."))
        .check(classes);
  }

  @Test
  void tracing_uses_only_callback_wechat_config_and_opentelemetry() {
    classes()
        .that()
        .resideInAPackage("io.wxgate.tracing..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            allowed(
                "io.wxgate.tracing..",
                "io.wxgate.callback",
                "io.wxgate.wechat",
                "io.wxgate.config..",
                "io.opentelemetry.."))
        .check(classes);
  }

  @Test
  void opentelemetry_only_in_tracing() {
    // off by default: the rest of the code must not load an OpenTelemetry class
    noClasses()
        .that()
        .resideOutsideOfPackage("io.wxgate.tracing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.opentelemetry..")
        .check(classes);
  }

  @Test
  void outbox_uses_only_wechat_token_state_store_and_config() {
    classes()
        .that()
        .resideInAPackage("io.wxgate.outbox..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            allowed(
                "io.wxgate.outbox..",
                "io.wxgate.wechat..",
                "io.wxgate.token",
                "io.wxgate.state",
                "io.wxgate.store",
                "io.wxgate.tracing",
                "io.wxgate.config..",
                "io.micrometer..",
                "io.github.bucket4j..",
                "com.fasterxml.jackson.."))
        .check(classes);
  }

  @Test
  void forward_uses_only_callback_wechat_state_store_and_config() {
    classes()
        .that()
        .resideInAPackage("io.wxgate.forward..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            allowed(
                "io.wxgate.forward..",
                "io.wxgate.callback",
                "io.wxgate.wechat..",
                "io.wxgate.state",
                "io.wxgate.store",
                "io.wxgate.config..",
                "io.micrometer..",
                "com.fasterxml.jackson..",
                "com.rabbitmq.."))
        .check(classes);
  }

  @Test
  void store_knows_only_config_and_the_secret_type() {
    classes()
        .that()
        .resideInAPackage("io.wxgate.store..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            allowed(
                "io.wxgate.store..",
                "io.wxgate.config..",
                "io.wxgate.wechat",
                "com.zaxxer..",
                "org.flywaydb..",
                "io.micrometer.."))
        .check(classes);
  }

  @Test
  void sandbox_speaks_only_the_wechat_protocol() {
    classes()
        .that()
        .resideInAPackage("io.wxgate.sandbox..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            allowed(
                "io.wxgate.sandbox..",
                "io.wxgate.wechat..",
                "io.wxgate.config..",
                "io.javalin..",
                "com.fasterxml.jackson..",
                "kotlin.."))
        .check(classes);
  }

  @Test
  void lettuce_only_in_state_redis() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.wxgate.state.redis..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.lettuce..", "io.github.bucket4j.redis..")
        .check(classes);
  }

  @Test
  void javalin_only_in_web_and_sandbox() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.wxgate.web..", "io.wxgate.sandbox..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..")
        .check(classes);
  }

  @Test
  void jdbc_only_in_store_outbox_and_forward() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.wxgate.store..", "io.wxgate.outbox..", "io.wxgate.forward..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "com.zaxxer..", "org.flywaydb..")
        .check(classes);
  }

  @Test
  void web_is_used_only_by_the_composition_root_and_cli() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.wxgate.web..", "io.wxgate.cli..")
        .and()
        .doNotHaveFullyQualifiedName("io.wxgate.Gateway")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.wxgate.web..")
        .check(classes);
  }

  @Test
  void nothing_depends_on_cli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.wxgate.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.wxgate.cli..")
        .check(classes);
  }

  @Test
  void config_depends_only_on_the_wechat_vocabulary() {
    classes()
        .that()
        .resideInAPackage("io.wxgate.config..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            allowed("io.wxgate.config..", "io.wxgate.wechat", "com.fasterxml.jackson.."))
        .check(classes);
  }
}
