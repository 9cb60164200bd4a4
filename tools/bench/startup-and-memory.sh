#!/usr/bin/env bash
# Measures, per service, the time from `java -jar` to a ready /readyz and the resident memory at
# rest, against the local emulators (DESIGN.md targets: < 3 s and < 300 MB). A benchmark, not a
# test: it prints figures and asserts nothing. Each service is measured twice over: started plainly,
# and from an extracted jar with a JDK AOT cache (JEP 483/514) made by a training run that stops
# right after the context refresh (spring.context.exit=onRefresh).
#
#   tools/bench/startup-and-memory.sh [runs]      (default 3 runs per service)
#
# Needs what `./dev up` needs and a build (./mvnw -DskipTests package). It starts the emulators if
# they are down (and stops them again), provisions prefix "bench", and starts each service alone
# on a spare port, so nothing else competes for the two cores while it is measured.
# JAVA_OPTS adds JVM flags to every start, e.g. JAVA_OPTS="-XX:+UseSerialGC -Xmx256m".
# BENCH_SAMPLES=<file> also appends each sample there (service, mode, run, ms, MB, load average;
# tab-separated): `./dev bench startup-and-memory` turns them into docs/benchmarks/results.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=tools/lib/jdk.sh
source "$ROOT/tools/lib/jdk.sh"
pick_jdk >/dev/null

RUNS="${1:-3}"
VERSION="0.1.0-SNAPSHOT"
PREFIX="bench"
IDLE_SECONDS=10
read -r -a EXTRA <<<"${JAVA_OPTS:-}"

started_emulators=0
if ! tools/emulators.sh status >/dev/null 2>&1; then
  tools/emulators.sh start >/dev/null
  started_emulators=1
fi
stop_started_emulators() {
  if ((started_emulators)); then
    tools/emulators.sh stop >/dev/null
  fi
}
trap stop_started_emulators EXIT
eval "$(tools/emulators.sh env)"
java -jar "platform/target/platform-$VERSION-provisioner.jar" --prefix "$PREFIX" >/dev/null

now_ms() { echo $(($(date +%s%N) / 1000000)); }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"; stop_started_emulators' EXIT

# measure SERVICE MODE RUN JAR [JVM flags...]: prints one row
measure() {
  local service="$1" mode="$2" run="$3" jar="$4"
  shift 4
  local port log start pid ready="" rss
  port=$((28080 + RANDOM % 1000))
  log="$WORK/$service-$mode-$run.log"
  start=$(now_ms)
  SERVER_PORT="$port" MANAGEMENT_SERVER_PORT=0 APP_TOPOLOGY_PREFIX="$PREFIX" SPRING_PROFILES_ACTIVE=local \
    java "$@" ${EXTRA[@]+"${EXTRA[@]}"} -jar "$jar" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port/readyz"; then
      ready=$(($(now_ms) - start))
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if [[ -z "$ready" ]]; then
    echo "$service ($mode) did not become ready; last log lines:" >&2
    tail -n 10 "$log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
  fi
  sleep "$IDLE_SECONDS"
  rss=$(($(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status") / 1024))
  printf '%-22s %-6s %4s %12s %14s\n' "$service" "$mode" "$run" "$ready" "$rss"
  if [[ -n "${BENCH_SAMPLES:-}" ]]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$service" "$mode" "$run" "$ready" "$rss" "$(cut -d' ' -f1 /proc/loadavg)" >>"$BENCH_SAMPLES"
  fi
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

printf '%-22s %-6s %4s %12s %14s\n' service mode run "ready (ms)" "RSS idle (MB)"
for service in order-service notification-service analytics-service; do
  jar="$service/target/$service-$VERSION.jar"
  for run in $(seq 1 "$RUNS"); do
    measure "$service" plain "$run" "$jar"
  done
  # The AOT cache wants plain jars on the class path, hence the extracted layout.
  java -Djarmode=tools -jar "$jar" extract --destination "$WORK/$service" >/dev/null
  SERVER_PORT=0 MANAGEMENT_SERVER_PORT=0 APP_TOPOLOGY_PREFIX="$PREFIX" SPRING_PROFILES_ACTIVE=local \
    java -XX:AOTCacheOutput="$WORK/$service.aot" -Dspring.context.exit=onRefresh \
    -jar "$WORK/$service/$service-$VERSION.jar" >"$WORK/$service-training.log" 2>&1 ||
    { echo "AOT training run of $service failed; see below" >&2; tail -n 10 "$WORK/$service-training.log" >&2; exit 1; }
  for run in $(seq 1 "$RUNS"); do
    measure "$service" aot "$run" "$WORK/$service/$service-$VERSION.jar" -XX:AOTCache="$WORK/$service.aot"
  done
done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg); java: $(java -version 2>&1 | head -n 1)"
