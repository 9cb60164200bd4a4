package dev.awsref.infra.deploy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of an AWS query-protocol request (Elastic Beanstalk's API speaks it): {@code
 * Action=...&Name=value}, form-encoded. Both test endpoints of this package read their requests with it.
 */
final class AwsQueryForm {

    private AwsQueryForm() {}

    static Map<String, String> parse(String body) {
        var params = new LinkedHashMap<String, String>();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                params.put(
                        URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
