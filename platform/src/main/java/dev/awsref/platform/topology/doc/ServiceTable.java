package dev.awsref.platform.topology.doc;

import static dev.awsref.platform.topology.doc.Markdown.NONE;
import static dev.awsref.platform.topology.doc.Markdown.table;
import static dev.awsref.platform.topology.doc.Markdown.yesOrNo;

import dev.awsref.platform.topology.Topology;
import java.util.List;

/** The services of docs/architecture.md: ports, and what each depends on besides the messaging model. */
final class ServiceTable {

    static final String HEADING = "Ports and dependencies";

    private ServiceTable() {}

    static String render(Topology topology) {
        var out = new StringBuilder();
        table(
                out,
                HEADING,
                List.of(
                        "Service",
                        "HTTP port",
                        "Management port",
                        "Database (PostgreSQL)",
                        "Cache (Redis)",
                        "Validates tokens (JWT)",
                        "Sends mail (SMTP)",
                        "Operations API"),
                topology.services().stream()
                        .map(s -> List.of(
                                s.id(),
                                String.valueOf(s.httpPort()),
                                String.valueOf(s.managementPort()),
                                s.database().map(Markdown::code).orElse(NONE),
                                yesOrNo(s.cache()),
                                yesOrNo(s.validatesTokens()),
                                yesOrNo(s.sendsMail()),
                                s.operationsApi() ? "yes, behind HTTP basic" : "no"))
                        .toList());
        return out.toString().stripTrailing() + "\n";
    }
}
