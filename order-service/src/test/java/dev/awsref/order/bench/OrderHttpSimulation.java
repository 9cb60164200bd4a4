package dev.awsref.order.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One measured load of the order benchmarks, as Gatling runs it: {@link Load#users} clients at
 * once, each sending its share of {@link Load#requests} one after the other (a closed model, so
 * the service is never offered more than it can take). {@link GatlingLoad} runs it in the
 * benchmark's JVM and hands it the load through system properties, Gatling's own way to
 * parametrise a simulation (it builds the class by name); the ids, up to tens of thousands of
 * them, go through a file the property names.
 */
public class OrderHttpSimulation extends Simulation {

    private static final String PREFIX = "order-http.load.";

    /**
     * What to send: {@code path} for POST with {@code body}; for GET, {@code path} + an id from
     * {@code ids}, taken {@link IdOrder#CIRCULAR round and round} or {@link IdOrder#ONCE_IN_ORDER
     * once each, in the list's order} (a drawn sequence, such as the cache benchmark's Zipf
     * draws: then {@code ids} must hold at least {@code requests} ids).
     */
    record Load(
            String name,
            String baseUrl,
            String method,
            String path,
            String body,
            List<String> ids,
            IdOrder idOrder,
            int requests,
            int users) {

        void publish(Path idsFile) {
            try {
                Files.write(idsFile, ids);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(PREFIX + "name", name);
            System.setProperty(PREFIX + "base-url", baseUrl);
            System.setProperty(PREFIX + "method", method);
            System.setProperty(PREFIX + "path", path);
            System.setProperty(PREFIX + "body", body);
            System.setProperty(PREFIX + "ids-file", idsFile.toAbsolutePath().toString());
            System.setProperty(PREFIX + "id-order", idOrder.name());
            System.setProperty(PREFIX + "requests", Integer.toString(requests));
            System.setProperty(PREFIX + "users", Integer.toString(users));
        }

        static Load published() {
            List<String> ids;
            try {
                ids = Files.readAllLines(Path.of(System.getProperty(PREFIX + "ids-file")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Load(
                    System.getProperty(PREFIX + "name"),
                    System.getProperty(PREFIX + "base-url"),
                    System.getProperty(PREFIX + "method"),
                    System.getProperty(PREFIX + "path"),
                    System.getProperty(PREFIX + "body"),
                    ids,
                    IdOrder.valueOf(System.getProperty(PREFIX + "id-order")),
                    Integer.getInteger(PREFIX + "requests"),
                    Integer.getInteger(PREFIX + "users"));
        }
    }

    /** How the GETs take their ids from {@link Load#ids}. */
    enum IdOrder {
        /** Round and round the list: the same few orders read again and again. */
        CIRCULAR,
        /**
         * Each id once, in the list's order (Gatling's queue feeder, which hands the records out one
         * at a time whichever client asks): the clients together read exactly the sequence given.
         */
        ONCE_IN_ORDER
    }

    public OrderHttpSimulation() {
        Load load = Load.published();
        // One connection pool for all clients, as one client application has; no HTTP cache, so every
        // GET reaches the service. The share of requests rounds down: the figures count what was sent.
        var protocol = http.baseUrl(load.baseUrl()).disableCaching().shareConnections();
        int perUser = Math.max(1, load.requests() / load.users());
        setUp(scenario(load.name()).exec(repeat(perUser).on(call(load))).injectOpen(atOnceUsers(load.users())))
                .protocols(protocol);
    }

    private static ChainBuilder call(Load load) {
        // A failed request counts as KO in Gatling's statistics: GatlingLoad.run refuses a run with any,
        // GatlingLoad.measure reports how many.
        if ("POST".equals(load.method())) {
            HttpRequestActionBuilder post = http(load.name())
                    .post(load.path())
                    .header("Content-Type", "application/json")
                    .body(StringBody(load.body()))
                    .check(status().is(201));
            return exec(post);
        }
        var ids =
                load.ids().stream().map(id -> Map.<String, Object>of("id", id)).toList();
        var feeder = load.idOrder() == IdOrder.CIRCULAR
                ? listFeeder(ids).circular()
                : listFeeder(ids).queue();
        return feed(feeder).exec(http(load.name()).get(load.path() + "#{id}").check(status().is(200)));
    }
}
