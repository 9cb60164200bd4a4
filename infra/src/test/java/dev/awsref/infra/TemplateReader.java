package dev.awsref.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Small helpers to read a synthesized template as plain maps and lists. */
final class TemplateReader {

    private TemplateReader() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(Template template, String type) {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type);
    }

    /** The logical id of the one resource of that type whose property has that value. */
    static String logicalId(Template template, String type, String property, Object value) {
        return resources(template, type).entrySet().stream()
                .filter(e -> value.equals(props(e.getValue()).get(property)))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " with " + property + "=" + value));
    }

    /** Every statement of every resource of that type whose policy sits under {@code documentProperty}. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(Template template, String type, String documentProperty) {
        var out = new ArrayList<Map<String, Object>>();
        for (var resource : resources(template, type).values()) {
            var document = (Map<String, Object>) props(resource).get(documentProperty);
            out.addAll((List<Map<String, Object>>) document.get("Statement"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }
}
