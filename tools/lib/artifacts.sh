# shellcheck shell=bash
# Source this file for: SERVICES, VERSION, PROVISIONER_JAR and module_jar NAME, the services and
# the jars the build makes, which ./dev up and the benchmarks run. ROOT must be the checkout's root.
# (SC2034: the variables are read by the scripts that source this file.)

# The three services, in the order they are built, started and reported.
# shellcheck disable=SC2034
SERVICES=(order-service notification-service analytics-service)
# The reactor's version (the root pom's <version>).
# shellcheck disable=SC2034
VERSION="0.1.0-SNAPSHOT"
# The jar that creates the topology (queues, topics, stream, tables) under a prefix.
# shellcheck disable=SC2034
PROVISIONER_JAR="$ROOT/platform/target/platform-$VERSION-provisioner.jar"
# module_jar NAME: the Boot jar of a service or of the demo.
module_jar() {
  echo "$ROOT/$1/target/$1-$VERSION.jar"
}
