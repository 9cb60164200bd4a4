package dev.awsref.platform.aot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.testsupport.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The training script is read three ways: from the sources (the Dockerfile copies it), from the
 * class path (the bundle carries it) and by its own {@code offline=(...)} line. They must agree.
 */
class AotTrainingScriptTest {

    @Test
    void theScriptTrainsWithTheOfflineArgumentsTheServicesKnow() {
        assertThat(AotTraining.script())
                .startsWith("#!/bin/bash")
                .contains("\noffline=(" + AotTraining.JVM_ARGUMENTS + ")\n");
    }

    @Test
    void theBundledScriptIsTheOneInTheSources() throws IOException {
        var source = ProjectRoot.find().resolve(AotTraining.SCRIPT_SOURCE);
        assertThat(Files.readString(source)).isEqualTo(AotTraining.script());
    }
}
