#!/usr/bin/env bash
# Local AWS emulators that run without Docker (all from npm, pinned in tools/package.json):
#   fauxqs        SQS + SNS + S3   http://127.0.0.1:$FAUXQS_PORT   (default 4566)
#   kinesis-local Kinesis          http://127.0.0.1:$KINESIS_PORT  (default 4568; TLS on $KINESIS_TLS_PORT, default 4569)
#   dynalite      DynamoDB         http://127.0.0.1:$DYNAMODB_PORT (default 4570)
#   maildev       SMTP sink        smtp://127.0.0.1:$SMTP_PORT (default 1025); the emails it caught:
#                                  http://127.0.0.1:$MAIL_WEB_PORT/api/email (default 1080)
# maildev is not an AWS emulator: it stands in for Amazon SES's SMTP interface, as Mailpit does
# in docker compose, so the notification service's emails land somewhere you can read them.
#
# Usage: tools/emulators.sh start|stop|status|env
#   start   install node_modules if needed, start what is not running, wait until healthy
#   stop    stop the emulators this checkout started (pid files in tools/.run/)
#   status  one line per emulator; exit 0 if all run, 3 otherwise
#   env     export lines for: eval "$(tools/emulators.sh env)"
# Logs: tools/.run/<name>.log. Start timeout: EMULATOR_START_TIMEOUT seconds (default 30).
set -euo pipefail

TOOLS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="$TOOLS_DIR/.run"
NM_DIR="$TOOLS_DIR/node_modules"
# Node 22 binary installed by the npm package `node` (fauxqs needs Node >= 22.5).
NODE_BIN="$NM_DIR/node/bin/node"

FAUXQS_PORT="${FAUXQS_PORT:-4566}"
KINESIS_PORT="${KINESIS_PORT:-4568}"
KINESIS_TLS_PORT="${KINESIS_TLS_PORT:-4569}"
DYNAMODB_PORT="${DYNAMODB_PORT:-4570}"
SMTP_PORT="${SMTP_PORT:-1025}"
MAIL_WEB_PORT="${MAIL_WEB_PORT:-1080}"
EMULATOR_START_TIMEOUT="${EMULATOR_START_TIMEOUT:-30}"

EMULATORS=(fauxqs kinesis-local dynalite maildev)
SELF="tools/emulators.sh"

die() {
  echo "$SELF: error: $*" >&2
  exit 1
}

validate_settings() {
  local var seen=" "
  for var in FAUXQS_PORT KINESIS_PORT KINESIS_TLS_PORT DYNAMODB_PORT SMTP_PORT MAIL_WEB_PORT; do
    if [[ ! "${!var}" =~ ^[0-9]+$ ]] || ((${!var} < 1 || ${!var} > 65535)); then
      die "$var=${!var} is not a valid port (1-65535)"
    fi
    [[ "$seen" != *" ${!var} "* ]] || die "$var=${!var} is used twice; give each emulator port its own number"
    seen+="${!var} "
  done
  [[ "$EMULATOR_START_TIMEOUT" =~ ^[0-9]+$ ]] ||
    die "EMULATOR_START_TIMEOUT=$EMULATOR_START_TIMEOUT is not a whole number of seconds"
}

script_of() {
  case "$1" in
    fauxqs) echo "$NM_DIR/fauxqs/dist/cli.js" ;;
    kinesis-local) echo "$NM_DIR/kinesis-local/main.js" ;;
    dynalite) echo "$NM_DIR/dynalite/cli.js" ;;
    maildev) echo "$NM_DIR/maildev/dist/bin/maildev.js" ;;
  esac
}

ports_of() {
  case "$1" in
    fauxqs) echo "$FAUXQS_PORT" ;;
    kinesis-local) echo "$KINESIS_PORT $KINESIS_TLS_PORT" ;;
    dynalite) echo "$DYNAMODB_PORT" ;;
    maildev) echo "$SMTP_PORT $MAIL_WEB_PORT" ;;
  esac
}

port_var_of() {
  case "$1" in
    "$FAUXQS_PORT") echo FAUXQS_PORT ;;
    "$KINESIS_PORT") echo KINESIS_PORT ;;
    "$KINESIS_TLS_PORT") echo KINESIS_TLS_PORT ;;
    "$DYNAMODB_PORT") echo DYNAMODB_PORT ;;
    "$SMTP_PORT") echo SMTP_PORT ;;
    "$MAIL_WEB_PORT") echo MAIL_WEB_PORT ;;
  esac
}

url_of() {
  case "$1" in
    fauxqs) echo "http://127.0.0.1:$FAUXQS_PORT" ;;
    kinesis-local) echo "http://127.0.0.1:$KINESIS_PORT" ;;
    dynalite) echo "http://127.0.0.1:$DYNAMODB_PORT" ;;
    maildev) echo "http://127.0.0.1:$MAIL_WEB_PORT/api/email" ;;
  esac
}

services_of() {
  case "$1" in
    fauxqs) echo "SQS, SNS, S3" ;;
    kinesis-local) echo "Kinesis (TLS: https://127.0.0.1:$KINESIS_TLS_PORT)" ;;
    dynalite) echo "DynamoDB" ;;
    maildev) echo "SMTP sink on 127.0.0.1:$SMTP_PORT" ;;
  esac
}

pid_file() { echo "$RUN_DIR/$1.pid"; }
log_file() { echo "$RUN_DIR/$1.log"; }

now_ms() {
  if [[ -n "${EPOCHREALTIME:-}" ]]; then
    local t="${EPOCHREALTIME/[.,]/}"
    echo $((t / 1000))
  else
    echo $(($(date +%s) * 1000))
  fi
}

cmdline_of() {
  if [[ -r "/proc/$1/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$1/cmdline"
  else
    ps -o args= -p "$1" 2>/dev/null || true
  fi
}

rss_mb_of() {
  local kb
  if [[ -r "/proc/$1/status" ]]; then
    kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status")"
  else
    kb="$(ps -o rss= -p "$1" 2>/dev/null | tr -d ' ')"
  fi
  echo "$(((${kb:-0} + 512) / 1024)) MB"
}

# True if pid $2 is alive and runs emulator $1 of this checkout.
is_ours() {
  local name="$1" pid="$2"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(cmdline_of "$pid")" == *"$(script_of "$name")"* ]]
}

# Prints the pid of emulator $1 if its pid file points at a live process of ours.
running_pid() {
  local f pid
  f="$(pid_file "$1")"
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f" 2>/dev/null || true)"
  is_ours "$1" "$pid" || return 1
  echo "$pid"
}

port_in_use() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]] && return 0
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

port_owner() {
  local owner=""
  if command -v ss >/dev/null 2>&1; then
    owner="$(ss -Hltnp "sport = :$1" 2>/dev/null |
      sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p' | head -n 1)"
  fi
  echo "${owner:-another process}"
}

healthy() {
  case "$1" in
    fauxqs)
      curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$FAUXQS_PORT/health" 2>/dev/null
      ;;
    kinesis-local)
      curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$KINESIS_PORT/healthcheck" 2>/dev/null
      ;;
    dynalite)
      (exec 3<>"/dev/tcp/127.0.0.1/$DYNAMODB_PORT") 2>/dev/null || return 1
      local body
      body="$(curl -fsS -m 2 -X POST \
        -H 'X-Amz-Target: DynamoDB_20120810.ListTables' \
        -H 'Content-Type: application/x-amz-json-1.0' \
        -H 'X-Amz-Date: 20200101T000000Z' \
        -H 'Authorization: AWS4-HMAC-SHA256 Credential=test/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0' \
        -d '{}' "http://127.0.0.1:$DYNAMODB_PORT/" 2>/dev/null)" || return 1
      [[ "$body" == *TableNames* ]]
      ;;
    maildev)
      curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$MAIL_WEB_PORT/api/email" 2>/dev/null
      ;;
  esac
}

ensure_node_modules() {
  command -v npm >/dev/null 2>&1 || die "npm not found on PATH; install Node.js (>= 18) with npm"
  if [[ ! -d "$NM_DIR" ]]; then
    echo "$SELF: tools/node_modules is missing; running npm ci in tools/"
  elif [[ ! -f "$NM_DIR/.package-lock.json" || "$TOOLS_DIR/package-lock.json" -nt "$NM_DIR/.package-lock.json" ]]; then
    echo "$SELF: tools/node_modules is older than tools/package-lock.json; running npm ci in tools/"
  else
    return 0
  fi
  (cd "$TOOLS_DIR" && npm ci --no-audit --no-fund --loglevel=error) ||
    die "npm ci in tools/ failed"
}

check_node_bin() {
  if [[ ! -x "$NODE_BIN" ]] || ! "$NODE_BIN" -v >/dev/null 2>&1; then
    die "$NODE_BIN is missing or broken (was npm run with --ignore-scripts?); run: rm -rf tools/node_modules && (cd tools && npm ci)"
  fi
}

# Launches emulator $1 in the background (own session, detached from the terminal); sets LAUNCHED_PID.
launch() {
  local name="$1" script log
  script="$(script_of "$name")"
  log="$(log_file "$name")"
  local -a cmd
  case "$name" in
    fauxqs)
      cmd=(env FAUXQS_PORT="$FAUXQS_PORT" FAUXQS_DEFAULT_REGION=us-east-1
        "$NODE_BIN" "$script")
      ;;
    kinesis-local)
      cmd=(env
        KINESIS_MOCK_CERT_PATH="$NM_DIR/kinesis-local/server.json"
        KINESIS_MOCK_PLAIN_PORT="$KINESIS_PORT"
        KINESIS_MOCK_TLS_PORT="$KINESIS_TLS_PORT"
        AWS_REGION=us-east-1
        AWS_ACCOUNT_ID=000000000000
        SHARD_LIMIT=5000
        CREATE_STREAM_DURATION=100ms
        DELETE_STREAM_DURATION=100ms
        MERGE_SHARDS_DURATION=100ms
        SPLIT_SHARD_DURATION=100ms
        UPDATE_SHARD_COUNT_DURATION=100ms
        UPDATE_STREAM_MODE_DURATION=100ms
        REGISTER_STREAM_CONSUMER_DURATION=100ms
        DEREGISTER_STREAM_CONSUMER_DURATION=100ms
        START_STREAM_ENCRYPTION_DURATION=100ms
        STOP_STREAM_ENCRYPTION_DURATION=100ms
        SHOULD_PERSIST_DATA=false
        LOAD_DATA_IF_EXISTS=false
        "$NODE_BIN" "$script")
      ;;
    dynalite)
      cmd=("$NODE_BIN" "$script" --host 127.0.0.1 --port "$DYNAMODB_PORT"
        --createTableMs 50 --deleteTableMs 50 --updateTableMs 50)
      ;;
    maildev)
      cmd=("$NODE_BIN" "$script" --ip 127.0.0.1 --smtp "$SMTP_PORT" --web-ip 127.0.0.1 --web "$MAIL_WEB_PORT"
        --mail-directory "$RUN_DIR/mail" --max-emails 1000)
      ;;
  esac
  local -a detach=(nohup)
  if command -v setsid >/dev/null 2>&1; then detach=(setsid nohup); fi
  # The subshell is not a process-group leader, so setsid does not fork: $! is the emulator's pid.
  (cd "$RUN_DIR" && exec "${detach[@]}" "${cmd[@]}" >"$log" 2>&1 </dev/null) &
  LAUNCHED_PID="$!"
}

# Sends TERM to pid $2 (emulator $1), waits up to 10 s, then KILL.
terminate() {
  local name="$1" pid="$2" i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    is_ours "$name" "$pid" || return 0
    sleep 0.2
  done
  echo "$SELF: $name (pid $pid) did not stop within 10 s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 25; i++)); do
    is_ours "$name" "$pid" || return 0
    sleep 0.2
  done
}

STARTED=()
LAUNCHED_PID=""

abort_start() {
  local name pid
  for name in ${STARTED[@]+"${STARTED[@]}"}; do
    pid="$(running_pid "$name" || true)"
    if [[ -n "$pid" ]]; then
      terminate "$name" "$pid"
    fi
    rm -f "$(pid_file "$name")"
  done
  exit 1
}

fail_start() {
  local name="$1" reason="$2" log rel
  log="$(log_file "$name")"
  rel="tools/${log#"$TOOLS_DIR"/}"
  echo "$SELF: error: $reason (log: $rel)" >&2
  if [[ -s "$log" ]]; then
    echo "--- last 5 lines of $rel ---" >&2
    tail -n 5 "$log" >&2
  fi
  abort_start
}

cmd_start() {
  ensure_node_modules
  check_node_bin
  mkdir -p "$RUN_DIR"
  command -v curl >/dev/null 2>&1 || die "curl not found on PATH (needed for health checks)"

  local name pid port var
  local -a to_start=()
  for name in "${EMULATORS[@]}"; do
    if pid="$(running_pid "$name")"; then
      echo "$name: already running (pid $pid, $(url_of "$name"))"
      continue
    fi
    rm -f "$(pid_file "$name")"
    to_start+=("$name")
  done

  # Check every port before starting anything, so a busy port leaves nothing half-started.
  for name in ${to_start[@]+"${to_start[@]}"}; do
    for port in $(ports_of "$name"); do
      if port_in_use "$port"; then
        var="$(port_var_of "$port")"
        die "port $port needed by $name is already in use by $(port_owner "$port"); stop it or set $var to a free port"
      fi
    done
  done

  local t0 waited_ms deadline_ms rc
  for name in ${to_start[@]+"${to_start[@]}"}; do
    t0="$(now_ms)"
    launch "$name"
    pid="$LAUNCHED_PID"
    echo "$pid" >"$(pid_file "$name")"
    STARTED+=("$name")
    deadline_ms=$((t0 + EMULATOR_START_TIMEOUT * 1000))
    while :; do
      if ! kill -0 "$pid" 2>/dev/null; then
        rc=0
        wait "$pid" 2>/dev/null || rc=$?
        fail_start "$name" "$name (pid $pid) exited with status $rc during start-up"
      fi
      if healthy "$name"; then
        break
      fi
      if (($(now_ms) >= deadline_ms)); then
        fail_start "$name" "$name did not become healthy on $(url_of "$name") within ${EMULATOR_START_TIMEOUT} s (EMULATOR_START_TIMEOUT)"
      fi
      sleep 0.1
    done
    if ! is_ours "$name" "$pid"; then
      fail_start "$name" "$name answers on $(url_of "$name") but pid $pid is not it"
    fi
    waited_ms=$(($(now_ms) - t0))
    printf '%s: started (pid %s) in %d.%02d s, rss %s\n' "$name" "$pid" \
      $((waited_ms / 1000)) $((waited_ms % 1000 / 10)) "$(rss_mb_of "$pid")"
  done

  for name in "${EMULATORS[@]}"; do
    printf '%-14s %-26s %s\n' "$name" "$(url_of "$name")" "$(services_of "$name")"
  done
  echo "hint: eval \"\$(tools/emulators.sh env)\"   # or:"
  echo "  export AWS_ENDPOINT_URL_SQS=$(url_of fauxqs) AWS_ENDPOINT_URL_SNS=$(url_of fauxqs) AWS_ENDPOINT_URL_S3=$(url_of fauxqs) AWS_ENDPOINT_URL_KINESIS=$(url_of kinesis-local) AWS_ENDPOINT_URL_DYNAMODB=$(url_of dynalite)"
}

cmd_stop() {
  local name f pid
  for name in "${EMULATORS[@]}"; do
    f="$(pid_file "$name")"
    if [[ ! -f "$f" ]]; then
      echo "$name: not running"
      continue
    fi
    pid="$(cat "$f" 2>/dev/null || true)"
    if is_ours "$name" "$pid"; then
      terminate "$name" "$pid"
      echo "$name: stopped (pid $pid)"
    else
      echo "$name: not running (removed stale pid file)"
    fi
    rm -f "$f"
  done
}

cmd_status() {
  local name pid all=0
  for name in "${EMULATORS[@]}"; do
    if pid="$(running_pid "$name")"; then
      printf '%-14s running  pid %-7s %-26s rss %s\n' "$name" "$pid" "$(url_of "$name")" "$(rss_mb_of "$pid")"
    else
      printf '%-14s stopped\n' "$name"
      all=3
    fi
  done
  return "$all"
}

cmd_env() {
  echo "export AWS_ENDPOINT_URL_SQS=$(url_of fauxqs)"
  echo "export AWS_ENDPOINT_URL_SNS=$(url_of fauxqs)"
  echo "export AWS_ENDPOINT_URL_S3=$(url_of fauxqs)"
  echo "export AWS_ENDPOINT_URL_KINESIS=$(url_of kinesis-local)"
  echo "export AWS_ENDPOINT_URL_DYNAMODB=$(url_of dynalite)"
  echo "export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test"
  echo "export SPRING_MAIL_HOST=127.0.0.1 SPRING_MAIL_PORT=$SMTP_PORT"
}

case "${1:-}" in
  start) validate_settings && cmd_start ;;
  stop) cmd_stop ;;
  status) validate_settings && cmd_status ;;
  env) validate_settings && cmd_env ;;
  *)
    echo "usage: $SELF start|stop|status|env" >&2
    exit 2
    ;;
esac
