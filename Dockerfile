# syntax=docker/dockerfile:1
#
# One image recipe for every runnable module. Pick the module with a build argument:
#
#   docker build --build-arg MODULE=order-service -t awsref/order-service .
#   MODULE = order-service | notification-service | analytics-service | platform (the provisioner) | demo
#
# docker-compose.yml builds all five. Needs BuildKit (the default builder of Docker 23+ and of
# `docker compose`): the Maven repository lives in a cache mount, so dependencies are
# downloaded once per machine, not once per image or per code change.

# --- build: compile every runnable module once --------------------------------------------------
# JDK 25, as at run time; the poms compile with --release 21 whatever the JDK (a Corretto 21
# Elastic Beanstalk branch still runs the same jars).
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /workspace

# Everything Maven reads (.dockerignore keeps target/, node_modules, docs and .git out). Maven
# needs every module's pom listed in the root pom, even the ones it is not asked to build.
COPY . .

# This stage does not use MODULE on purpose: its cache key is the same for all four images, so
# `docker compose build` compiles platform, the demo and the services once instead of five times.
# infra/ (the CDK app) is not part of any image and is not built.
# sharing=locked: parallel builds must not write the same local repository at once.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    mvn -B -ntp \
      -pl platform,demo,order-service,notification-service,analytics-service -am \
      -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true \
      package

# Put each module's runnable jar at /out/<module>.jar: the provisioner is platform's
# `-provisioner` jar, a service or the demo is its Spring Boot jar (not the -sources/-javadoc/-tests ones).
RUN set -eu; mkdir /out; \
    for module in order-service notification-service analytics-service platform demo; do \
      if [ "$module" = platform ]; then pattern="platform-*-provisioner.jar"; else pattern="$module-*.jar"; fi; \
      found=""; \
      for jar in "$module"/target/$pattern; do \
        case "$jar" in *-sources.jar|*-javadoc.jar|*-tests.jar) continue ;; esac; \
        if [ "$module" != platform ] && [ "${jar%-provisioner.jar}" != "$jar" ]; then continue; fi; \
        [ -f "$jar" ] || continue; \
        [ -z "$found" ] || { echo "error: more than one jar for $module: $found $jar" >&2; exit 1; }; \
        found="$jar"; \
      done; \
      [ -n "$found" ] || { echo "error: no runnable jar for $module under $module/target" >&2; exit 1; }; \
      cp "$found" "/out/$module.jar"; \
      echo "$module <- $found"; \
    done

# --- runtime: a JRE, one jar, a non-root user ---------------------------------------------------
# JRE 25, like Elastic Beanstalk's Corretto 25 branch: its JDK AOT cache (the `trained` stage) is
# what makes a service start several times faster (docs/startup-and-memory.md), and a JRE 21 has none.
FROM eclipse-temurin:25-jre AS runtime

ARG MODULE
RUN case "${MODULE:-}" in \
      order-service|notification-service|analytics-service|platform|demo) ;; \
      *) echo "error: build with --build-arg MODULE=order-service|notification-service|analytics-service|platform|demo (got '${MODULE:-}')" >&2; exit 1 ;; \
    esac

# The JRE image has no curl or wget. `http-ok PORT PATH` is the container health check: bash's
# /dev/tcp sends one GET and the check passes only on a 200 (so /readyz returning 503 is unhealthy).
RUN cat > /usr/local/bin/http-ok <<'EOF' && chmod 0755 /usr/local/bin/http-ok
#!/bin/bash
# http-ok PORT [PATH]: exit 0 if GET http://127.0.0.1:PORT/PATH answers HTTP 200 within 5 s.
set -eu
exec 3<>"/dev/tcp/127.0.0.1/$1"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${2:-/}" >&3
IFS= read -r -t 5 status <&3
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) echo "GET ${2:-/} on port $1: ${status%$'\r'}" >&2; exit 1 ;;
esac
EOF

# A fixed uid so files written to mounted volumes have a predictable owner.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app
COPY --from=build /out/${MODULE}.jar /app/app.jar
USER app:app


# --- trained: the runtime plus the extracted jar and its JDK AOT cache -----------------------------
# A JDK AOT cache (JEP 483/514) holds the classes a training run loaded and linked, and is valid
# only for the JVM build that made it: so it is trained here, on the runtime stage's own JRE, by
# platform's train-aot-cache.sh, the script the Elastic Beanstalk bundle's deploy hook runs too
# (and system-tests' OfflineAotTrainingIT on every service). It extracts the jar, starts the
# service up to the end of its context refresh with the aot-training profile (no network: Flyway
# waits for the real start, the database and the token issuer are only named, no listener, poller
# or web server starts, the AWS clients are never called), then starts it once with
# -XX:AOTMode=on, which refuses a cache it cannot use. A failed training, or a cache that does not
# start, leaves no cache (the log's tail is printed in the build) and the image still starts.
# The flags are the ENTRYPOINT's that change the object layout or the collector: a cache is
# refused by a JVM whose object layout differs.
# This is the stage docker-compose.yml and a plain `docker build` produce (it is the last one).
# The provisioner (MODULE=platform) is a plain jar, run as it is.
FROM runtime AS trained
ARG MODULE
USER root
COPY --from=build /workspace/platform/src/main/resources/dev/awsref/platform/aot/train-aot-cache.sh /app/train-aot-cache.sh
RUN set -eu; \
    if [ "$MODULE" = platform ]; then mkdir /app/run && cp /app/app.jar /app/run/app.jar; exit 0; fi; \
    bash /app/train-aot-cache.sh /app/app.jar /app/run \
      -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=5000
USER app:app

# The heap gets 40% of the container's memory limit; the rest is for what the JVM needs outside
# it. Measured per service (docs/local-development.md, "Memory limits"): 210-280 MB of resident
# memory outside the heap (metaspace 65-85 MB, code cache 40-55 MB, class space, symbols, threads,
# the mapped jar). At 75% of 512 MB only 128 MB was left for that, so a heap grown under load
# would push the container past its limit and get it killed.
# Serial GC is what the JVM picks by itself in a container below 1792 MB; it is named here so the
# collector does not change when a limit is raised, and it keeps no large side structures (G1's
# took 39 MB in the same measurement).
# Compact object headers (JEP 519, a product flag since JDK 25) make every object 4 bytes smaller.
# The AOT cache refuses a run whose object layout differs from its training's, so the `trained`
# stage uses the same two flags. Every 5 s the JVM hands memory the C library freed (the JIT's
# scratch memory after a burst of compiles) back to the OS (TrimNativeHeapInterval). Compilation
# stays tiered: unlike `./dev up` on a laptop, a container runs for days. A missing cache (the provisioner, the demo, a failed training) is
# one log line and a slower start.
# Extra JVM flags go in JAVA_TOOL_OPTIONS, which the JVM reads on its own.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders", "-XX:TrimNativeHeapInterval=5000", "-XX:MaxRAMPercentage=40", "-XX:AOTCache=/app/run/app.aot", "-jar", "/app/run/app.jar"]
