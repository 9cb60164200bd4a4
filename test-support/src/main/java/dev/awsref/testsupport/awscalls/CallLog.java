package dev.awsref.testsupport.awscalls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * The recorded calls of one test JVM, one file per principal: {@code <dir>/<principal>.jsonl}, one
 * JSON object per distinct request (principal, action, resource, condition keys), in the order
 * first seen, with the SDK operation and the frame that made it. A file is emptied the first time
 * this JVM writes to it, so it holds the last run's calls only.
 */
final class CallLog {

    static final String SERVICE_PROPERTY = "aws.calls.service";
    static final String DIRECTORY_PROPERTY = "aws.calls.dir";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static volatile CallLog shared;
    private static volatile boolean resolved;

    private final String service;
    private final Path directory;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, Writer> writers = new ConcurrentHashMap<>();

    private CallLog(String service, Path directory) {
        this.service = service;
        this.directory = directory;
    }

    /** The log of this JVM, or null where failsafe did not ask for one. */
    static CallLog shared() {
        if (!resolved) {
            synchronized (CallLog.class) {
                if (!resolved) {
                    String service = System.getProperty(SERVICE_PROPERTY);
                    String dir = System.getProperty(DIRECTORY_PROPERTY);
                    shared = service == null || dir == null || service.isBlank()
                            ? null
                            : new CallLog(service, Path.of(dir));
                    resolved = true;
                }
            }
        }
        return shared;
    }

    String service() {
        return service;
    }

    void record(Caller caller, String sdkService, String operation, IamRequest request) {
        String key = caller.principal() + "|" + request.action() + "|" + request.resource() + "|" + request.context();
        if (!seen.add(key)) {
            return;
        }
        var line = new LinkedHashMap<String, Object>();
        line.put("principal", caller.principal());
        line.put("action", request.action());
        line.put("resource", request.resource());
        line.put("context", request.context());
        line.put("operation", sdkService + "." + operation);
        line.put("caller", caller.frame());
        write(caller.principal(), JSON.writeValueAsString(line));
    }

    private void write(String principal, String line) {
        Writer writer = writers.computeIfAbsent(principal, this::open);
        synchronized (writer) {
            try {
                writer.write(line);
                writer.write('\n');
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Writer open(String principal) {
        try {
            Files.createDirectories(directory);
            return Files.newBufferedWriter(directory.resolve(principal + ".jsonl"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
