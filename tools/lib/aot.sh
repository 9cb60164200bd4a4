# shellcheck shell=bash
# Source this file for: aot_prepare NAME JAR DIR, aot_java_args NAME JAR DIR and service_jvm_flags.
#
# A JDK AOT cache (JEP 483, made in one step since JDK 25 by JEP 514) holds the classes a service
# loaded and linked during a training run, so the next start maps them instead of loading them
# again. The training run starts the service's Spring context and stops right after the refresh
# (spring.context.exit=onRefresh): every bean is made, no web server or listener is started.
#
# The cache wants plain jars on the class path, so the Boot jar is extracted first
# (java -Djarmode=tools -jar app.jar extract). Under DIR (e.g. order-service/target/aot/with-spring-aot):
#   NAME/        the extracted jar (NAME-<version>.jar and lib/)
#   NAME.aot     the cache
#   NAME.stamp   what the cache was made from: the Boot jar's content, the JVM's version and the
#                flags; a changed jar, another JDK or other flags make it stale, and aot_prepare
#                makes it again
#   NAME-training.log
# A cache is specific to the JVM build that made it; a JVM handed a stale or foreign cache says so
# in one warning line and starts without it, so the cache is never needed to start.
# The caller's environment (profiles, topology prefix, emulator endpoints) is the training run's.
# The cache links the classes too (AOTClassLinking, on by default with AOTCacheOutput): about a
# third less start-up time here. Before a cache is kept it must start the service once with
# -XX:AOTMode=on (which refuses a cache it cannot use) up to the end of the refresh: a cache that
# crashes the JVM (notification-service's did once, docs/startup-and-memory.md) is thrown away and
# the service starts without one.

# The JVM flags every service runs with locally (./dev up, the start-up benchmark) and is trained
# with: a cache is refused by a JVM whose flags change the object layout (UseCompactObjectHeaders),
# so the training run and the real one get the same list. C1 only (TieredStopAtLevel=1) is for this
# run on a laptop: three JVMs on two cores start in half the time and were no slower under the
# system benchmark. The Dockerfile's ENTRYPOINT and the Elastic Beanstalk Procfile (BundleBuilder)
# keep tiered compilation for long-running instances, carry compact headers and native trimming
# (the image Serial GC too), and size the heap, young generation included, from the container or
# the instance. Why each flag: docs/startup-and-memory.md, "Memory".
SERVICE_JVM_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=5000 -Xms32m -Xmn8m -Xmx128m)

# Prints SERVICE_JVM_FLAGS, one per line, then -Dspring.aot.enabled=true if spring_aot_applies,
# then $JAVA_OPTS if set (for mapfile). A JDK before 25 may not know compact object headers or
# native heap trimming (and would refuse to start), so it gets the others only.
service_jvm_flags() {
  local extra=() flag modern=0
  read -r -a extra <<<"${JAVA_OPTS:-}"
  aot_supported && modern=1
  for flag in "${SERVICE_JVM_FLAGS[@]}"; do
    [[ "$flag" == -XX:+UseCompactObjectHeaders || "$flag" == -XX:TrimNativeHeapInterval=* ]] && ((!modern)) && continue
    echo "$flag"
  done
  spring_aot_applies && echo -Dspring.aot.enabled=true
  for flag in ${extra[@]+"${extra[@]}"}; do
    echo "$flag"
  done
}

# True if the service starts with the code Spring AOT processing generated at build time (the
# process-aot goal in each service's pom). That code fixes which beans exist as they were for the
# `local` profile with the services' own defaults, so it is used only for that run: not with
# another profile, not with Zipkin export (./dev up --zipkin adds its exporter's beans), and not
# with DEV_SPRING_AOT=0. Why: docs/startup-and-memory.md, "Spring AOT processing".
spring_aot_applies() {
  [[ "${DEV_SPRING_AOT:-1}" == 1 && "${SPRING_PROFILES_ACTIVE:-local}" == local &&
    "${MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED:-false}" != true ]]
}

# True if the `java` on PATH can make and use an AOT cache in one step (JDK 25+).
aot_supported() {
  local ver
  ver="$(java -version 2>&1 | grep -m 1 ' version "')" || return 1
  ver="${ver#*version \"}"
  ver="${ver%%[!0-9]*}"
  [[ -n "$ver" ]] && ((ver >= 25))
}

_aot_stamp() {
  local jar="$1" sum
  sum="$(_aot_jar_sum "$jar")" || return 1
  echo "$sum $(java -version 2>&1 | tr '\n' ' ') $(service_jvm_flags | tr '\n' ' ')"
}

# What the Boot jar holds, not its bytes: the CRC and name of each entry (unzip -v). A rebuild that
# changed nothing still makes other bytes: process-aot's CGLIB proxies list their methods in the
# order reflection returns them, which differs from build to build (and the registry naming them
# with it), so those entries are left out; the classes they are made from are in. Without unzip,
# the jar's checksum (the cache is then trained again after every build).
_aot_jar_sum() {
  local jar="$1"
  if command -v unzip >/dev/null 2>&1; then
    unzip -v "$jar" |
      awk '$7 ~ /^[0-9a-f]{8}$/ && $8 !~ /[$][$]SpringCGLIB[$][$]|__BeanFactoryRegistrations[.]class$/ {print $7, $8}' |
      cksum
  else
    cksum <"$jar"
  fi
}

# True if DIR holds a cache made from this jar by this JVM.
aot_fresh() {
  local name="$1" jar="$2" dir="$3"
  [[ -s "$dir/$name.aot" && -f "$dir/$name.stamp" ]] || return 1
  [[ "$(cat "$dir/$name.stamp")" == "$(_aot_stamp "$jar")" ]]
}

# aot_prepare NAME JAR DIR: extracts JAR and trains a cache, unless a fresh one is there.
# Returns 1 (with the reason on stderr) if it could not; the service then starts without a cache.
aot_prepare() {
  local name="$1" jar="$2" dir="$3" log
  aot_supported || {
    echo "note: $(java -version 2>&1 | head -n 1) makes no AOT cache (JDK 25+ does); $name starts without one" >&2
    return 1
  }
  aot_fresh "$name" "$jar" "$dir" && return 0
  log="$dir/$name-training.log"
  mkdir -p "$dir"
  rm -rf "${dir:?}/$name" "$dir/$name.aot" "$dir/$name.stamp"
  if ! java -Djarmode=tools -jar "$jar" extract --destination "$dir/$name" >"$log" 2>&1; then
    echo "warning: could not extract $jar for the AOT cache (see $log); $name starts without one" >&2
    return 1
  fi
  if ! _aot_refresh_once "$dir/$name/$(basename "$jar")" "$log" -XX:AOTCacheOutput="$dir/$name.aot" ||
    [[ ! -s "$dir/$name.aot" ]]; then
    echo "warning: the AOT training run of $name failed (see $log); $name starts without a cache" >&2
    rm -f "$dir/$name.aot"
    return 1
  fi
  if ! _aot_refresh_once "$dir/$name/$(basename "$jar")" "$log" -XX:AOTMode=on -XX:AOTCache="$dir/$name.aot"; then
    echo "warning: $name could not start with its new AOT cache (see $log); it starts without one" >&2
    rm -f "$dir/$name.aot"
    return 1
  fi
  _aot_stamp "$jar" >"$dir/$name.stamp"
}

# _aot_refresh_once JAR LOG CACHE_FLAG...: starts the extracted JAR with the service's flags and the
# given cache flags up to the end of its context refresh (no web server, no listener), output to LOG.
_aot_refresh_once() {
  local jar="$1" log="$2" flags=()
  shift 2
  mapfile -t flags < <(service_jvm_flags)
  SERVER_PORT=0 MANAGEMENT_SERVER_PORT=0 java "${flags[@]}" "$@" -Dspring.context.exit=onRefresh -jar "$jar" >>"$log" 2>&1
}

# aot_java_args NAME JAR DIR: prints, one per line, what follows `java [flags]` to start the
# service: the cache and the extracted jar if the cache is fresh, else just the Boot jar.
aot_java_args() {
  local name="$1" jar="$2" dir="$3"
  if aot_supported && aot_fresh "$name" "$jar" "$dir"; then
    printf '%s\n' "-XX:AOTCache=$dir/$name.aot" -jar "$dir/$name/$(basename "$jar")"
  else
    printf '%s\n' -jar "$jar"
  fi
}
