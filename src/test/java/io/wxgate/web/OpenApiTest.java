package io.wxgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wxgate.callback.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /openapi.json describes every route the gateway serves, and every $ref resolves. */
class OpenApiTest {

  @Test
  void the_contract_lists_every_route_and_its_references_resolve() throws Exception {
    try (RunningGateway gw = new RunningGateway(Router.builder(), Map.of())) {
      var response = gw.get("/openapi.json");
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode doc = new ObjectMapper().readTree(response.body());
      assertThat(doc.path("openapi").asText()).startsWith("3.");
      List<String> paths = new ArrayList<>();
      doc.path("paths").fieldNames().forEachRemaining(paths::add);
      assertThat(paths)
          .contains(
              "/api/v1/messages",
              "/api/v1/messages/batch",
              "/api/v1/messages/{id}",
              "/api/v1/messages/{id}/retry",
              "/api/v1/messages/{id}/cancel",
              "/api/v1/deliveries",
              "/api/v1/deliveries/{id}/retry",
              "/wx/{appId}/callback",
              "/healthz",
              "/readyz",
              "/metrics");
      JsonNode schemas = doc.path("components").path("schemas");
      for (String ref : response.body().split("\"\\$ref\"\\s*:\\s*\"")) {
        if (!ref.startsWith("#/")) continue;
        String target = ref.substring(0, ref.indexOf('"'));
        assertThat(target).startsWith("#/components/schemas/");
        assertThat(schemas.has(target.substring("#/components/schemas/".length())))
            .as(target)
            .isTrue();
      }
      // every documented API path answers (401 without credentials), none is a 404
      for (String p : List.of("/api/v1/messages", "/api/v1/deliveries")) {
        assertThat(gw.get(p).statusCode()).as(p).isEqualTo(401);
      }
    }
  }
}
