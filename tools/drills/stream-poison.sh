#!/usr/bin/env bash
# The stream-poison drill: starts analytics-service on a topology of its own on the local
# emulators, puts records it can never apply among good ones straight on the Kinesis stream, fixes
# the one whose cause can be fixed, replays the dead letters, and prints injected, dead-lettered,
# aggregated and lost (exit 1 unless lost is 0). A drill, not a test: StreamPoisonIT asserts it.
#
#   tools/drills/stream-poison.sh
#
# Needs the emulators (tools/emulators.sh start) and Redis; the endpoints come from
# `tools/emulators.sh env`. Builds what it runs (test-compile, nothing installed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=tools/lib/jdk.sh
source "$ROOT/tools/lib/jdk.sh"
pick_jdk >/dev/null
eval "$(tools/emulators.sh env)"

# The reactor resolves the sibling modules to their target/classes, so nothing is installed.
./mvnw -B -ntp -q -pl analytics-service -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/drill.classpath -Djacoco.skip=true
classpath="analytics-service/target/test-classes:analytics-service/target/classes:$(cat analytics-service/target/drill.classpath)"
exec java -cp "$classpath" dev.awsref.analytics.drill.StreamPoisonDrill
