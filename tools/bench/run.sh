#!/usr/bin/env bash
# Runs the benchmarks from a fresh clone and keeps their figures: `./dev bench [--runs N] [name...]`.
#   names: sqs-listener-vs-loop  listener-policy  kinesis-producer  order-http  order-cache
#          startup-and-memory system (default: all)
# Builds what the benchmarks need with the Maven reactor (-am, nothing installed), starts the AWS
# emulators unless they run already (and stops only what it started), runs each benchmark N times
# (default 5; startup-and-memory 3), prints median and spread with the load average, writes the
# results into docs/benchmarks/results.json and rewrites the figure tables in docs/ from it.
#   --docs-only   only rewrite the docs from the committed results file
# The emulator ports come from the same variables tools/emulators.sh reads (FAUXQS_PORT, ...).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=tools/lib/artifacts.sh
source "$ROOT/tools/lib/artifacts.sh"
# shellcheck source=tools/lib/jdk.sh
source "$ROOT/tools/lib/jdk.sh"
# shellcheck source=tools/lib/services.sh
source "$ROOT/tools/lib/services.sh"

RESULTS="docs/benchmarks/results.json"
ALL=(sqs-listener-vs-loop listener-policy kinesis-producer order-http order-cache startup-and-memory system)
RUNS=""
DOCS_ONLY=0
NAMES=()

die() {
  echo "bench: error: $*" >&2
  exit 1
}

while (($#)); do
  case "$1" in
    --runs)
      [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "--runs needs a whole number of runs"
      RUNS="$2"
      shift 2
      ;;
    --docs-only)
      DOCS_ONLY=1
      shift
      ;;
    -h | --help)
      sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      [[ " ${ALL[*]} " == *" $1 "* ]] || die "no benchmark '$1' (there are: ${ALL[*]})"
      NAMES+=("$1")
      shift
      ;;
  esac
done
((${#NAMES[@]})) || NAMES=("${ALL[@]}")

pick_jdk >/dev/null
MVN=(./mvnw -B -ntp -Dspotless.check.skip=true -Djacoco.skip=true)

# The module and the benchmark class of each Java benchmark.
module_of() {
  case "$1" in
    sqs-listener-vs-loop) echo notification-service ;;
    listener-policy) echo service-defaults ;;
    kinesis-producer) echo analytics-service ;;
    order-http | order-cache) echo order-service ;;
    system) echo system-tests ;;
  esac
}
class_of() {
  case "$1" in
    sqs-listener-vs-loop) echo QueueConsumptionBenchmark ;;
    listener-policy) echo ListenerPolicyBenchmark ;;
    kinesis-producer) echo KinesisProducerBenchmark ;;
    order-http) echo OrderServiceBenchmark ;;
    order-cache) echo OrderCacheBenchmark ;;
    system) echo SystemBenchmark ;;
  esac
}

regenerate_docs() {
  echo "==> rewriting the figure tables in docs/ from $RESULTS"
  "${MVN[@]}" -q -pl test-support -am test -Dtest=PerformanceDocTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dbench.update-docs=true
}

if ((DOCS_ONLY)); then
  regenerate_docs
  exit 0
fi

START=$SECONDS
echo "==> benchmarks: ${NAMES[*]} (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
# Every benchmark but the in-process one talks to the emulators and the local databases.
needs_services=0
for name in "${NAMES[@]}"; do
  [[ "$name" == listener-policy ]] || needs_services=1
done

started_emulators=0
stop_started_emulators() {
  if ((started_emulators)); then
    tools/emulators.sh stop >/dev/null || true
  fi
}
if ((needs_services)); then
  if ! ensure_local_services; then
    die "the benchmarks need PostgreSQL and Redis (see above)"
  fi
  if ! tools/emulators.sh status >/dev/null 2>&1; then
    echo "==> starting the AWS emulators (stopped again at the end)"
    tools/emulators.sh start >/dev/null
    started_emulators=1
  fi
  trap stop_started_emulators EXIT
  eval "$(tools/emulators.sh env)"
fi
# The cache benchmark starts a memcached of its own (MemcachedTestServer) from Debian's package.
if [[ " ${NAMES[*]} " == *" order-cache "* ]] && ! command -v memcached >/dev/null 2>&1 \
  && [[ -z "${TEST_MEMCACHED_HOST:-}" ]]; then
  die "order-cache needs memcached: apt-get install -y memcached (or set TEST_MEMCACHED_HOST)"
fi

modules=()
classes=()
startup=0
for name in "${NAMES[@]}"; do
  if [[ "$name" == startup-and-memory ]]; then
    startup=1
    continue
  fi
  modules+=("$(module_of "$name")")
  classes+=("$(class_of "$name")")
done

system_aot=""
if [[ " ${NAMES[*]} " == *" system "* ]]; then
  system_aot=1
  # The system benchmark runs the services as ./dev up --zipkin does (RunningSystem), from the
  # extracted jars and the JDK AOT caches ./dev up trains: package them, then train the caches.
  echo "==> system: packaging the three services for RunningSystem"
  "${MVN[@]}" -q -pl system-tests -am package -DskipTests
  echo "==> system: training the JDK AOT caches ./dev up starts them from (./dev aot-caches)"
  # Without Spring AOT's generated code, as RunningSystem starts them: it turns on Zipkin export.
  DEV_SPRING_AOT=0 ./dev aot-caches
fi

if ((${#modules[@]})); then
  echo "==> building with the reactor and running: ${classes[*]}"
  # A benchmark is a JUnit class that no include pattern matches: -Dtest names it, so surefire runs
  # it on the reactor's class path (no install, no class-path plugin) and runs nothing else.
  "${MVN[@]}" -pl "$(
    IFS=,
    echo "${modules[*]}"
  )" -am test -Dtest="$(
    IFS=,
    echo "${classes[*]}"
  )" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.results="$RESULTS" ${RUNS:+-Dbench.runs="$RUNS"} ${system_aot:+-Dsystem.aot-cache=true}
fi

if ((startup)); then
  echo "==> start-up and memory: packaging the services, then tools/bench/startup-and-memory.sh"
  "${MVN[@]}" -q -pl "platform,$(
    IFS=,
    echo "${SERVICES[*]}"
  )" -am package -DskipTests
  samples="$(mktemp)"
  BENCH_SAMPLES="$samples" tools/bench/startup-and-memory.sh "${RUNS:-3}"
  "${MVN[@]}" -q -pl test-support -am test -Dtest=StartupAndMemoryResults \
    -Dsurefire.failIfNoSpecifiedTests=false -Dbench.samples="$samples" -Dbench.results="$RESULTS"
  rm -f "$samples"
fi

regenerate_docs
echo "==> done in $((SECONDS - START)) s; results in $RESULTS, tables in docs/ (git diff docs/ shows what moved)"
