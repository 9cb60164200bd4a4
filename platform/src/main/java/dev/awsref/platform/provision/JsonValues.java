package dev.awsref.platform.provision;

import java.util.ArrayList;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Comparing and printing the JSON that AWS keeps in attributes (policies, redrive, filters). */
final class JsonValues {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonValues() {}

    /** Equal as JSON, with numbers compared by value: SQS hands maxReceiveCount back as a string. */
    static boolean sameJson(String a, String b) {
        return Objects.equals(normalize(JSON.readTree(a)), normalize(JSON.readTree(b)));
    }

    /** The document on one line, without the whitespace it was declared with. */
    static String compact(String json) {
        return JSON.readTree(json).toString();
    }

    private static Object normalize(JsonNode node) {
        if (node.isObject()) {
            var map = new TreeMap<String, Object>();
            node.properties().forEach(e -> map.put(e.getKey(), normalize(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            var list = new ArrayList<Object>();
            node.forEach(item -> list.add(normalize(item)));
            return list;
        }
        return node.asString();
    }
}
