#!/usr/bin/env bash
# Measures, per service, the time from `java` to a ready /readyz and the resident memory at rest,
# against the local emulators (issue #14's goals: ready < 3 s alone and < 8 s with all three
# starting together, < 250 MB at rest). A benchmark, not a test: it prints figures and asserts
# nothing. Each service is measured started plainly and as `./dev up` starts it: from an extracted
# jar with a JDK AOT cache (JEP 483/514) trained the way `./dev up` trains it, with Spring AOT's
# generated code (tools/lib/aot.sh); first each service alone, then all three started at the same
# moment, as `./dev up` starts them.
#
#   tools/bench/startup-and-memory.sh [runs]      (default 3 runs per service and mode)
#
# Needs what `./dev up` needs and a build (./mvnw -DskipTests package). It starts the emulators if
# they are down (and stops them again) and provisions prefix "bench". Every start uses the flags
# `./dev up` uses (SERVICE_JVM_FLAGS in tools/lib/aot.sh); JAVA_OPTS adds more, to training runs too.
# BENCH_SAMPLES=<file> also appends each sample there (service, mode, run, ms, MB, load average;
# tab-separated; mode plain, aot, plain-together or aot-together): `./dev bench startup-and-memory`
# turns them into docs/benchmarks/results.json.
# On a loaded machine a start can take minutes: a service gets STARTUP_READY_TIMEOUT seconds
# (default 600) to be ready. Anything that goes wrong stops the script with a message that says
# what, the load average and the service's last log lines; it never stops without one.
set -euo pipefail
trap 'echo "startup-and-memory: failed at line $LINENO: $BASH_COMMAND (load $(cut -d" " -f1-3 /proc/loadavg))" >&2' ERR
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=tools/lib/artifacts.sh
source "$ROOT/tools/lib/artifacts.sh"
# shellcheck source=tools/lib/jdk.sh
source "$ROOT/tools/lib/jdk.sh"
# shellcheck source=tools/lib/aot.sh
source "$ROOT/tools/lib/aot.sh"
pick_jdk >/dev/null

RUNS="${1:-3}"
PREFIX="bench"
IDLE_SECONDS=10
READY_TIMEOUT="${STARTUP_READY_TIMEOUT:-600}"
# "plain" is the jar as it is; "aot" what ./dev up runs: the JDK AOT cache and Spring AOT's code.
mapfile -t PLAIN_FLAGS < <(DEV_SPRING_AOT=0 service_jvm_flags)
mapfile -t AOT_FLAGS < <(SPRING_PROFILES_ACTIVE=local service_jvm_flags)

fail() {
  echo "startup-and-memory: $* (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  exit 1
}

aot_supported || fail "$(java -version 2>&1 | head -n 1) makes no AOT cache; a JDK 25+ is needed to compare"

started_emulators=0
if ! tools/emulators.sh status >/dev/null 2>&1; then
  tools/emulators.sh start >/dev/null
  started_emulators=1
fi
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  local pid
  for pid in ${PIDS[@]+"${PIDS[@]}"}; do
    kill "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
  if ((started_emulators)); then
    tools/emulators.sh stop >/dev/null || true
  fi
}
trap cleanup EXIT
eval "$(tools/emulators.sh env)"
java -jar "$PROVISIONER_JAR" --prefix "$PREFIX" >/dev/null ||
  fail "provisioning prefix $PREFIX failed"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# A port nothing listens on, from the range above the emulators' usual ones.
free_port() {
  local port
  while :; do
    port=$((28080 + RANDOM % 2000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || {
      echo "$port"
      return
    }
  done
}

# launch SERVICE MODE RUN PORT: starts the service in the background, sets LAUNCHED to its pid.
launch() {
  local service="$1" mode="$2" run="$3" port="$4" jar
  local -a args
  jar="$(module_jar "$service")"
  [[ -f "$jar" ]] || fail "no $jar: build first (./mvnw -DskipTests package)"
  if [[ "$mode" == aot* ]]; then
    mapfile -t args < <(aot_java_args "$service" "$jar" "$WORK")
    args=("${AOT_FLAGS[@]}" "${args[@]}")
  else
    args=("${PLAIN_FLAGS[@]}" -jar "$jar")
  fi
  SERVER_PORT="$port" MANAGEMENT_SERVER_PORT=0 APP_TOPOLOGY_PREFIX="$PREFIX" SPRING_PROFILES_ACTIVE=local \
    java "${args[@]}" >"$WORK/$service-$mode-$run.log" 2>&1 &
  LAUNCHED=$!
  PIDS+=("$LAUNCHED")
}

# await_ready SERVICE MODE RUN PORT PID START_MS: prints the ms to the first 200 from /readyz.
await_ready() {
  local service="$1" mode="$2" run="$3" port="$4" pid="$5" start="$6" deadline=$((SECONDS + READY_TIMEOUT))
  until curl -fs -o /dev/null --max-time 5 "http://127.0.0.1:$port/readyz"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 15 "$WORK/$service-$mode-$run.log" >&2
      fail "$service ($mode, run $run) exited before it was ready; its last log lines are above"
    fi
    if ((SECONDS > deadline)); then
      tail -n 15 "$WORK/$service-$mode-$run.log" >&2
      fail "$service ($mode, run $run) was not ready after ${READY_TIMEOUT} s; its last log lines are above"
    fi
    sleep 0.05
  done
  echo $(($(now_ms) - start))
}

# rss_mb SERVICE MODE PID: the resident set of a service that must still be running.
rss_mb() {
  local kb
  kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$3/status" 2>/dev/null)" ||
    fail "$1 ($2) exited while it was idle; see its log"
  echo $((kb / 1024))
}

row() {
  printf '%-22s %-14s %4s %12s %14s %6s\n' "$@"
  if [[ -n "${BENCH_SAMPLES:-}" && "$1" != service ]]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" >>"$BENCH_SAMPLES"
  fi
}

stop_all() {
  local pid
  for pid in "$@"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}

# measure_alone SERVICE MODE RUN
measure_alone() {
  local service="$1" mode="$2" run="$3" port start ready rss
  port="$(free_port)"
  start=$(now_ms)
  launch "$service" "$mode" "$run" "$port"
  ready="$(await_ready "$service" "$mode" "$run" "$port" "$LAUNCHED" "$start")"
  sleep "$IDLE_SECONDS"
  rss="$(rss_mb "$service" "$mode" "$LAUNCHED")"
  row "$service" "$mode" "$run" "$ready" "$rss" "$(cut -d' ' -f1 /proc/loadavg)"
  stop_all "$LAUNCHED"
}

# measure_together MODE RUN: all three started at the same moment, each measured from that moment.
measure_together() {
  local mode="$1" run="$2" service start i
  local -a ports=() pids=() ready=()
  start=$(now_ms)
  for service in "${SERVICES[@]}"; do
    ports+=("$(free_port)")
    launch "$service" "$mode" "$run" "${ports[-1]}"
    pids+=("$LAUNCHED")
  done
  for i in "${!SERVICES[@]}"; do
    ready+=("$(await_ready "${SERVICES[$i]}" "$mode" "$run" "${ports[$i]}" "${pids[$i]}" "$start")")
  done
  sleep "$IDLE_SECONDS"
  for i in "${!SERVICES[@]}"; do
    row "${SERVICES[$i]}" "$mode" "$run" "${ready[$i]}" "$(rss_mb "${SERVICES[$i]}" "$mode" "${pids[$i]}")" \
      "$(cut -d' ' -f1 /proc/loadavg)"
  done
  stop_all "${pids[@]}"
}

echo "plain: ${PLAIN_FLAGS[*]}"
echo "aot:   ${AOT_FLAGS[*]} + the JDK AOT cache"
row service mode run "ready (ms)" "RSS idle (MB)" load
for service in "${SERVICES[@]}"; do
  for run in $(seq 1 "$RUNS"); do
    measure_alone "$service" plain "$run"
  done
  APP_TOPOLOGY_PREFIX="$PREFIX" SPRING_PROFILES_ACTIVE=local \
    aot_prepare "$service" "$(module_jar "$service")" "$WORK" ||
    fail "the AOT training run of $service failed; see the lines above"
  for run in $(seq 1 "$RUNS"); do
    measure_alone "$service" aot "$run"
  done
done
for run in $(seq 1 "$RUNS"); do
  measure_together plain-together "$run"
  measure_together aot-together "$run"
done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg); java: $(java -version 2>&1 | head -n 1)"
