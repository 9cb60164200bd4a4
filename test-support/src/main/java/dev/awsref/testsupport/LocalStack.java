package dev.awsref.testsupport;

import java.net.URI;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/** One LocalStack container per JVM, stopped by Testcontainers' reaper when the JVM ends. */
final class LocalStack {

    /** The last free community images are 4.x; newer ones need LOCALSTACK_AUTH_TOKEN. */
    static final String DEFAULT_IMAGE = "localstack/localstack:4.14.0";

    private LocalStack() {}

    static URI start() {
        String image =
                System.getenv().getOrDefault("LOCALSTACK_IMAGE", System.getProperty("localstack.image", DEFAULT_IMAGE));
        var container = new LocalStackContainer(
                        DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
                .withEnv("SERVICES", "sns,sqs,s3,kinesis,dynamodb");
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null) {
            container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        container.start();
        return container.getEndpoint();
    }
}
