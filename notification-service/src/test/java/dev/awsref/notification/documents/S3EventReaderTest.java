package dev.awsref.notification.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsref.platform.events.MalformedEventException;
import org.junit.jupiter.api.Test;

class S3EventReaderTest {

    @Test
    void readsObjectCreatedRecordsAndDecodesTheirKeys() {
        var created = S3EventReader.objectsCreated("""
                {"Records":[
                  {"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"docs"},"object":{"key":"a/b+c%21.pdf","size":3,"sequencer":"01"}}},
                  {"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"docs"},"object":{"key":"gone.pdf","sequencer":"02"}}}]}""");

        assertThat(created).containsExactly(new ObjectCreated("ObjectCreated:Put", "docs", "a/b c!.pdf", 3, "01"));
        assertThat(created.getFirst().idempotencyKey()).isEqualTo("s3://docs/a/b c!.pdf#01");
    }

    @Test
    void theTestEventS3SendsWhenANotificationIsConfiguredHasNothingToDo() {
        assertThat(S3EventReader.objectsCreated("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}"))
                .isEmpty();
    }

    @Test
    void anythingElseIsPoison() {
        assertThatThrownBy(() -> S3EventReader.objectsCreated("[]")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> S3EventReader.objectsCreated("{}")).isInstanceOf(MalformedEventException.class);
    }
}
