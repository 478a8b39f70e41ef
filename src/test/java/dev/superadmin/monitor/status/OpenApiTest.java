package dev.superadmin.monitor.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.ManyChecksProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * /q/openapi documents /status, and what /status answers is what the document says: every body is validated
 * against the document's own schemas (JSON Schema 2020-12, OpenAPI 3.1), made strict so that a field the document
 * does not declare fails too. The bodies include a failed check and a rows check (the app's database_health_check()),
 * so the nullable, error and rows parts are exercised.
 */
@QuarkusTest
@TestProfile(ManyChecksProfile.class)
class OpenApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ProbeScheduler probes;

    @BeforeEach
    void probeOnce() {
        probes.runRound().await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void documentsTheStatusEndpoints() throws Exception {
        JsonNode document = document();
        assertThat(document.path("openapi").asText()).startsWith("3.1");
        assertThat(document.path("info").path("title").asText()).isEqualTo("superadmin-monitor");
        assertThat(document.path("paths").has("/status")).isTrue();
        assertThat(document.path("paths").path("/status/{check}").path("get").path("parameters").findValuesAsText("name"))
                .containsExactlyInAnyOrder("check", "target");
        JsonNode responses = document.path("paths").path("/status/{check}").path("get").path("responses");
        assertThat(responses.path("200").path("content").path("application/json").path("schema").path("$ref").asText())
                .isEqualTo("#/components/schemas/CheckResult");
        assertThat(responses.path("404").path("content").path("application/json").path("schema").path("$ref").asText())
                .isEqualTo("#/components/schemas/ErrorResponse");
        JsonNode history = document.path("paths").path("/status/{check}/history").path("get");
        assertThat(history.path("parameters").findValuesAsText("name")).containsExactlyInAnyOrder("check", "target");
        assertThat(history.path("responses").path("200").path("content").path("application/json").path("schema")
                .path("$ref").asText()).isEqualTo("#/components/schemas/HistoryReport");
        assertThat(history.path("responses").has("404")).isTrue();
        JsonNode schemas = document.path("components").path("schemas");
        assertThat(values(schemas.path("CheckResult").path("required"))).contains("since");
        assertThat(values(schemas.path("HistoryReport").path("required")))
                .containsExactlyInAnyOrder("target", "check", "state", "since", "historyStart", "truncated", "changes");
        assertThat(values(schemas.path("State").path("enum"))).containsExactly("OK", "WARNING", "CRITICAL", "UNKNOWN");
        assertThat(values(schemas.path("Direction").path("enum"))).containsExactly("above", "below");
        assertThat(values(schemas.path("FailureReason").path("enum")))
                .containsExactly("connect", "timeout", "permission", "sql", "result", "rls");
        assertThat(values(schemas.path("StatusReport").path("required"))).containsExactly("state", "computedAt", "counts", "targets",
                "startedAt", "configVersion");
        assertThat(document.path("paths").path("/status").path("get").path("parameters").findValuesAsText("name"))
                .containsExactlyInAnyOrder("target", "state", "view");
        assertThat(values(schemas.path("CheckResult").path("required"))).contains("runbook");
        // the runbooks are pages for people, not part of the API
        assertThat(document.path("paths").has("/runbooks/{name}")).isFalse();
        given().get("/q/openapi").then().statusCode(200).contentType("application/yaml");
        given().accept("application/json").get("/q/openapi").then().statusCode(200).contentType("application/json");
        given().get("/q/openapi.json").then().statusCode(200).contentType("application/json");
    }

    @Test
    void everyBodyMatchesTheDocument() throws Exception {
        JsonNode schemas = document().path("components").path("schemas");
        JsonNode status = body("/status", 200);
        assertThat(status.findValuesAsText("name")).contains("broken", "admin_users");
        assertThat(status.toString()).as("a failed check is in the body").contains("\"lastError\":{\"reason\":\"sql\"");
        assertThat(status.toString()).as("a rows check is in the body").contains("\"rows\":[{\"name\":\"active_admin_users\"");
        assertMatches(schemas, "StatusReport", status);
        assertMatches(schemas, "CheckResult", body("/status/broken", 200));
        assertMatches(schemas, "CheckResult", body("/status/app_database_health", 200));
        assertMatches(schemas, "CheckResult", body("/status/admin_users?target=default", 200));
        assertMatches(schemas, "HistoryReport", body("/status/broken/history", 200));
        // active_sessions goes stale 3 s after its probe: a change with its error
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> body("/status/active_sessions", 200).path("state").asText().equals("UNKNOWN"));
        JsonNode stale = body("/status/active_sessions/history", 200);
        assertThat(stale.toString()).as("a change with its error").contains("\"error\":\"stale: no value since ");
        assertMatches(schemas, "HistoryReport", stale);
        assertMatches(schemas, "HistoryReport", body("/status/admin_users/history?target=default", 200));
        assertMatches(schemas, "HistoryReport", body("/status/app_database_health/history", 200));
        assertMatches(schemas, "ErrorResponse", body("/status/nope/history", 404));
        assertMatches(schemas, "ErrorResponse", body("/status/nope", 404));
        assertMatches(schemas, "ErrorResponse", body("/status/admin_users?target=nope", 404));
    }

    @Test
    void theValidatorCatchesWhatTheDocumentDoesNotSay() throws Exception {
        JsonNode schemas = document().path("components").path("schemas");
        ObjectNode status = (ObjectNode) body("/status", 200);
        status.put("undocumented", true);
        assertThat(errors(schemas, "StatusReport", status)).isNotEmpty();
        ObjectNode check = (ObjectNode) body("/status/admin_users", 200);
        check.put("state", "GREEN");
        assertThat(errors(schemas, "CheckResult", check)).isNotEmpty();
        ObjectNode history = (ObjectNode) body("/status/admin_users/history", 200);
        history.remove("since");
        assertThat(errors(schemas, "HistoryReport", history)).isNotEmpty();
    }

    private static void assertMatches(JsonNode schemas, String name, JsonNode body) {
        assertThat(errors(schemas, name, body)).as("%s against %s", body, name).isEmpty();
    }

    /**
     * The document's schemas as one JSON Schema rooted at {@code name}; every object schema closed with
     * {@code additionalProperties: false}, which the document leaves open.
     */
    private static List<Error> errors(JsonNode schemas, String name, JsonNode body) {
        ObjectNode defs = schemas.deepCopy();
        defs.forEach(schema -> {
            if (schema.has("properties")) {
                ((ObjectNode) schema).put("additionalProperties", false);
            }
        });
        String text = JSON.createObjectNode().put("$ref", "#/$defs/" + name).set("$defs", defs).toString()
                .replace("#/components/schemas/", "#/$defs/");
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
        return schema.validate(body);
    }

    private static JsonNode document() throws Exception {
        return JSON.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
    }

    private static JsonNode body(String path, int status) throws Exception {
        return JSON.readTree(given().get(path).then().statusCode(status).extract().asString());
    }

    private static List<String> values(JsonNode array) {
        return JSON.convertValue(array, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }
}
