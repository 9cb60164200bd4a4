#!/bin/bash
# train-aot-cache.sh BOOT_JAR DIR [JVM_FLAG...]
#
# The one offline training of a service's JDK AOT cache (JEP 483/514), run where nothing the service
# talks to is reachable: the Docker image's `trained` stage and the Elastic Beanstalk predeploy hook
# both run this file (platform's AotTraining names it), and system-tests' OfflineAotTrainingIT runs
# it on every service. ./dev up trains differently, against the emulators (tools/lib/aot.sh).
#
#   1. extracts BOOT_JAR into DIR (DIR/<jar name> and DIR/lib/): a cache wants plain jars;
#   2. on JDK 25+, starts the service with JVM_FLAG... and the offline training arguments below up to
#      the end of its context refresh (every bean made, no web server, listener or poller started),
#      writing DIR/<jar name without .jar>.aot;
#   3. starts it once more with -XX:AOTMode=on, which refuses a cache it cannot use: a cache that
#      fails this is deleted.
#
# The JVM flags must be the ones the service runs with: a cache is refused by a JVM whose object
# layout differs (UseCompactObjectHeaders). Both runs' output goes to DIR/aot-training.log; the last
# lines are printed when a run fails. Exits 0 whenever the service can start (with a cache, or
# without one after a failed or refused training, which costs start-up time only); exits 1 only if
# the jar cannot be extracted, since then nothing can start (2 if called wrongly). Each run is cut
# off after AOT_TRAINING_TIMEOUT seconds (300 by default).
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: train-aot-cache.sh BOOT_JAR DIR [JVM_FLAG...]" >&2
  exit 2
fi
boot_jar="$1"
dir="$2"
shift 2
jar="$dir/$(basename "$boot_jar")"
cache="${jar%.jar}.aot"
log="$dir/aot-training.log"
timeout_seconds="${AOT_TRAINING_TIMEOUT:-300}"
# The profile that makes a start offline, and Spring's switch to stop after the refresh
# (AotTraining.JVM_ARGUMENTS; platform's AotTrainingScriptTest keeps the two the same).
offline=(-Dspring.context.exit=onRefresh -Dspring.profiles.active=aot-training)

rm -rf "${dir:?}"
if ! java -Djarmode=tools -jar "$boot_jar" extract --destination "$dir"; then
  echo "error: could not extract $boot_jar into $dir" >&2
  exit 1
fi

version="$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')"
if [ "${version%%.*}" -lt 25 ]; then
  echo "Java $version makes no AOT cache (JDK 25+ does); the service starts without one"
  exit 0
fi

# run STEP CACHE_FLAG...: one start up to the end of the refresh; on failure, says so and deletes the cache.
run() {
  local step="$1"
  shift
  echo "== $step" >>"$log"
  if timeout "$timeout_seconds" java "$@" "${offline[@]}" -jar "$jar" >>"$log" 2>&1; then
    return 0
  fi
  tail -n 20 "$log"
  rm -f "$cache"
  echo "the AOT $step failed (see $log); the service starts without a cache"
  return 1
}

: >"$log"
run training "$@" -XX:AOTCacheOutput="$cache" &&
  run "check (-XX:AOTMode=on)" "$@" -XX:AOTMode=on -XX:AOTCache="$cache" &&
  echo "AOT cache $cache made and checked ($(du -h "$cache" | cut -f1))"
exit 0
