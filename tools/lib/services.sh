# shellcheck shell=bash
# Source this file for: ensure_postgres, ensure_redis, ensure_databases [db ...], and
# ensure_local_services (all three, for the services' own databases).
#
# PostgreSQL on 127.0.0.1:$POSTGRES_PORT (default 5432, trust auth, user postgres) and Redis on
# 127.0.0.1:$REDIS_PORT (default 6379). If one is down and START_LOCAL_SERVICES=1, it is started
# from the Debian packages (pg_ctlcluster / redis-server) and waited for (up to
# SERVICE_START_TIMEOUT seconds, default 20); otherwise a one-line error says how to start it.
# Each function returns 0 when the service is usable, 1 otherwise (it never exits the caller).

_svc_tcp_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

_svc_postgres_up() {
  local port="${POSTGRES_PORT:-5432}"
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p "$port" >/dev/null 2>&1
  else
    _svc_tcp_open 127.0.0.1 "$port"
  fi
}

_svc_redis_up() {
  local port="${REDIS_PORT:-6379}" reply
  if command -v redis-cli >/dev/null 2>&1; then
    reply="$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" || return 1
    [[ "$reply" == PONG ]]
  else
    _svc_tcp_open 127.0.0.1 "$port"
  fi
}

# Waits until the check $1 passes, for up to SERVICE_START_TIMEOUT (default 20) seconds.
_svc_wait() {
  local check="$1" i limit
  limit=$((${SERVICE_START_TIMEOUT:-20} * 5))
  for ((i = 0; i < limit; i++)); do
    "$check" && return 0
    sleep 0.2
  done
  "$check"
}

# Prints the newest PostgreSQL version with a cluster config under /etc/postgresql (e.g. 15).
_svc_pg_version() {
  local d v=""
  for d in /etc/postgresql/*/main; do
    [[ -d "$d" ]] || continue
    d="${d%/main}"
    d="${d##*/}"
    v="$(printf '%s\n%s\n' "$v" "$d" | sort -V | tail -n 1)"
  done
  [[ -n "$v" ]] || return 1
  echo "$v"
}

ensure_postgres() {
  local port="${POSTGRES_PORT:-5432}" ver start_cmd
  _svc_postgres_up && return 0
  ver="$(_svc_pg_version || echo '<version>')"
  start_cmd="pg_ctlcluster --skip-systemctl-redirect $ver main start"
  if [[ "${START_LOCAL_SERVICES:-0}" != 1 ]]; then
    echo "error: PostgreSQL is not reachable on 127.0.0.1:$port; start it with: $start_cmd (or rerun with START_LOCAL_SERVICES=1)" >&2
    return 1
  fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [[ "$ver" == '<version>' ]]; then
    echo "error: PostgreSQL is not reachable on 127.0.0.1:$port and no Debian cluster (pg_ctlcluster, /etc/postgresql/*) is installed to start; install postgresql or start your own on that port" >&2
    return 1
  fi
  echo "PostgreSQL is down on 127.0.0.1:$port; running: $start_cmd"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
  if ! _svc_wait _svc_postgres_up; then
    echo "error: PostgreSQL did not come up on 127.0.0.1:$port within ${SERVICE_START_TIMEOUT:-20} s after '$start_cmd'; see /var/log/postgresql/postgresql-$ver-main.log" >&2
    return 1
  fi
}

ensure_redis() {
  local port="${REDIS_PORT:-6379}" start_cmd
  _svc_redis_up && return 0
  start_cmd="redis-server --daemonize yes --bind 127.0.0.1 --port $port --save \"\" --appendonly no"
  if [[ "${START_LOCAL_SERVICES:-0}" != 1 ]]; then
    echo "error: Redis is not reachable on 127.0.0.1:$port; start it with: $start_cmd (or rerun with START_LOCAL_SERVICES=1)" >&2
    return 1
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "error: Redis is not reachable on 127.0.0.1:$port and redis-server is not installed; install redis-server or start your own on that port" >&2
    return 1
  fi
  echo "Redis is down on 127.0.0.1:$port; running: $start_cmd"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no >/dev/null || true
  if ! _svc_wait _svc_redis_up; then
    echo "error: Redis did not come up on 127.0.0.1:$port within ${SERVICE_START_TIMEOUT:-20} s after '$start_cmd'" >&2
    return 1
  fi
}

# Creates the given databases (default: the services' own, orders and notifications) if missing.
ensure_databases() {
  local port="${POSTGRES_PORT:-5432}" db exists
  local -a dbs=("$@")
  if ((${#dbs[@]} == 0)); then
    dbs=(orders notifications)
  fi
  if ! command -v psql >/dev/null 2>&1; then
    echo "error: psql not found; install postgresql-client to create databases: ${dbs[*]}" >&2
    return 1
  fi
  for db in "${dbs[@]}"; do
    if [[ ! "$db" =~ ^[a-z_][a-z0-9_]*$ ]]; then
      echo "error: refusing unusual database name '$db'" >&2
      return 1
    fi
    if ! exists="$(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -X -tAq \
      -c "SELECT 1 FROM pg_database WHERE datname = '$db'" 2>&1)"; then
      echo "error: cannot query PostgreSQL on 127.0.0.1:$port as user postgres: ${exists//$'\n'/ }" >&2
      return 1
    fi
    if [[ "$exists" == 1 ]]; then
      continue
    fi
    if ! psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 \
      -c "CREATE DATABASE $db" >/dev/null; then
      # Another process may have created it meanwhile.
      exists="$(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -X -tAq \
        -c "SELECT 1 FROM pg_database WHERE datname = '$db'" 2>/dev/null || true)"
      if [[ "$exists" != 1 ]]; then
        echo "error: could not create database $db on 127.0.0.1:$port" >&2
        return 1
      fi
    fi
    echo "created PostgreSQL database $db"
  done
}

# PostgreSQL and Redis up, and the services' databases there: what ./dev up, ./dev test,
# ./dev aot-caches and the benchmarks need. Quiet when all is well.
ensure_local_services() {
  ensure_postgres && ensure_redis && ensure_databases orders notifications >/dev/null
}
