package dev.superadmin.monitor.testing;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One {@code GET /status}, parsed with Jackson (exact doubles, unlike REST Assured's float default), with the test's
 * clock just before and just after the request: the service computed the body somewhere between the two.
 */
public record StatusSnapshot(Instant requestedAt, Instant respondedAt, String state, boolean databaseUp,
        Instant computedAt, Map<String, Check> checks, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Check(String name, String state, Double value, boolean held, Instant measuredAt, Double ageSeconds,
            double stalenessSeconds, Double durationSeconds, String errorReason, String errorMessage, Instant errorAt) {

        public boolean failing() {
            return errorReason != null;
        }
    }

    public static StatusSnapshot take() {
        Instant requestedAt = Instant.now();
        String body = given().get("/status").then().statusCode(200).extract().asString();
        Instant respondedAt = Instant.now();
        try {
            JsonNode root = JSON.readTree(body);
            Map<String, Check> checks = new LinkedHashMap<>();
            for (JsonNode check : root.get("targets").get(0).get("checks")) {
                JsonNode error = check.get("lastError");
                boolean failed = error != null && !error.isNull();
                Check parsed = new Check(check.get("name").asText(), check.get("state").asText(),
                        number(check.get("value")), check.get("held").asBoolean(), instant(check.get("measuredAt")), number(check.get("ageSeconds")),
                        check.get("stalenessSeconds").asDouble(), number(check.get("durationSeconds")),
                        failed ? error.get("reason").asText() : null, failed ? error.get("message").asText() : null,
                        failed ? instant(error.get("at")) : null);
                checks.put(parsed.name(), parsed);
            }
            return new StatusSnapshot(requestedAt, respondedAt, root.get("state").asText(),
                    root.get("targets").get(0).get("database").get("up").asBoolean(), instant(root.get("computedAt")), checks, body);
        } catch (Exception e) {
            throw new AssertionError("cannot read /status: " + body, e);
        }
    }

    public Check check(String name) {
        Check check = checks.get(name);
        if (check == null) {
            throw new AssertionError("no check " + name + " in " + body);
        }
        return check;
    }

    private static Double number(JsonNode node) {
        return node == null || node.isNull() ? null : node.asDouble();
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }
}
