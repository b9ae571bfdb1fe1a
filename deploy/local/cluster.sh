#!/usr/bin/env bash
# A real multi-process cluster on this machine: one coordinator (`hpo serve`, the HTTP API on 127.0.0.1) and N
# worker processes (`hpo worker`), all on loopback ports.
#   deploy/local/cluster.sh up N     build once (Release), start them, wait for /readyz
#   deploy/local/cluster.sh status   each process and the API's /readyz and GET /sweeps
#   deploy/local/cluster.sh down     SIGTERM by pid, SIGKILL after a grace period
# Settings (environment): HPO_CLUSTER_DIR (default .hpo/cluster: data, journal, pids, logs), HPO_HTTP_PORT (5080),
# HPO_CLUSTER_PORT (4053; worker i listens on HPO_CLUSTER_PORT+i and serves /metrics on HPO_HTTP_PORT+i), HPO_WORKER_SLOTS (1), HPO_GRACE (20 s),
# HPO_JOURNAL (a PostgreSQL connection string for the journal and the checkpoints; default: SQLite and checkpoint
# files in the data dir), HPO_CLUSTER_TLS=1 (mutual TLS on the cluster ports with a throwaway certificate made by
# openssl under HPO_CLUSTER_DIR/tls, see docs/cluster-tls.md). Every other setting comes from the usual places: HPO__SECTION__KEY variables and
# appsettings.json in the data dir.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${HPO_CLUSTER_DIR:-$root/.hpo/cluster}"
http_port="${HPO_HTTP_PORT:-5080}"
port="${HPO_CLUSTER_PORT:-4053}"
slots="${HPO_WORKER_SLOTS:-1}"
grace="${HPO_GRACE:-20}"
api="http://127.0.0.1:$http_port"
hpo_dll="$root/src/Hpo/bin/Release/net10.0/hpo.dll"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# A self-signed certificate for this cluster only (made once, kept with the cluster's files); every process gets it.
tls() {
  local t="$dir/tls"
  if [ ! -f "$t/cluster.pfx" ]; then
    command -v openssl >/dev/null || { echo "cluster.sh: HPO_CLUSTER_TLS=1 needs openssl" >&2; exit 2; }
    mkdir -p "$t" && chmod 700 "$t"
    openssl rand -hex 16 >"$t/password"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=hpo-local-cluster \
      -keyout "$t/cluster.key" -out "$t/cluster.crt" 2>/dev/null
    openssl pkcs12 -export -in "$t/cluster.crt" -inkey "$t/cluster.key" -out "$t/cluster.pfx" -passout "file:$t/password"
    rm -f "$t/cluster.key"
  fi
  export HPO__CLUSTER__CERTIFICATE="$t/cluster.pfx" HPO__CLUSTER__CERTIFICATEPASSWORD="$(cat "$t/password")"
  echo "mutual TLS on the cluster ports: $t/cluster.pfx"
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

up() {
  local n="${1:?usage: cluster.sh up N}"
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "cluster.sh: N must be a positive number (is '$n')" >&2; exit 2; }
  mkdir -p "$dir/data" "$dir/pids" "$dir/logs"
  for p in "$dir"/pids/*.pid; do
    if alive "$p"; then echo "cluster.sh: already running ($p); run down first" >&2; exit 1; fi
  done
  rm -f "$dir"/pids/*.pid
  echo "building (Release)..."
  dotnet build "$root/src/Hpo" -c Release -v q -nologo >"$dir/logs/build.log" 2>&1 \
    || { echo "cluster.sh: build failed, see $dir/logs/build.log" >&2; exit 1; }
  # The coordinator seeds itself, then the workers: a restarted coordinator joins the workers' cluster.
  local seeds=(--seed "akka.tcp://hpo@127.0.0.1:$port")
  for i in $(seq 1 "$n"); do seeds+=(--seed "akka.tcp://hpo@127.0.0.1:$((port + i))"); done
  [ "${HPO_CLUSTER_TLS:-0}" = 1 ] && tls
  local storage=() checkpoints=()
  if [ -n "${HPO_JOURNAL:-}" ]; then
    export HPO__STORAGE__CONNECTIONSTRING="$HPO_JOURNAL"
    storage=(--storage postgresql)
    checkpoints=(--checkpoint-store database)
  fi
  nohup dotnet "$hpo_dll" serve --data-dir "$dir/data" --http "$api" --port "$port" "${seeds[@]}" "${storage[@]}" \
    >"$dir/logs/coordinator.log" 2>&1 </dev/null &
  echo $! >"$dir/pids/coordinator.pid"
  for i in $(seq 1 "$n"); do
    nohup dotnet "$hpo_dll" worker --seed "akka.tcp://hpo@127.0.0.1:$port" --port "$((port + i))" --http "http://127.0.0.1:$((http_port + i))" --slots "$slots" \
      --data-dir "$dir/data" "${storage[@]}" "${checkpoints[@]}" >"$dir/logs/worker-$i.log" 2>&1 </dev/null &
    echo $! >"$dir/pids/worker-$i.pid"
  done
  echo "$api" >"$dir/api"
  for _ in $(seq 1 600); do
    if curl -sf "$api/readyz" >/dev/null 2>&1; then
      echo "cluster up: coordinator and $n workers, API $api (pids and logs under $dir)"
      return 0
    fi
    for p in "$dir"/pids/*.pid; do
      if ! alive "$p"; then
        local name; name="$(basename "$p" .pid)"
        echo "cluster.sh: $name exited, see $dir/logs; the end of $name.log:" >&2
        tail -n 20 "$dir/logs/$name.log" >&2 || true
        down >/dev/null; exit 1
      fi
    done
    sleep 0.2
  done
  echo "cluster.sh: the API never became ready, see $dir/logs" >&2
  down >/dev/null
  exit 1
}

down() {
  local pids=()
  for p in "$dir"/pids/*.pid; do
    [ -f "$p" ] || continue
    if alive "$p"; then kill -TERM "$(cat "$p")" 2>/dev/null || true; pids+=("$(cat "$p")"); fi
  done
  local waited=0
  while :; do
    local left=()
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left+=("$pid"); done
    [ ${#left[@]} -eq 0 ] && break
    if [ "$waited" -ge $((grace * 5)) ]; then
      echo "cluster.sh: SIGKILL after ${grace}s: ${left[*]}" >&2
      kill -KILL "${left[@]}" 2>/dev/null || true
      break
    fi
    sleep 0.2; waited=$((waited + 1))
  done
  rm -f "$dir"/pids/*.pid
  echo "cluster down"
}

status() {
  local any=0
  for p in "$dir"/pids/*.pid; do
    [ -f "$p" ] || continue
    any=1
    if alive "$p"; then echo "$(basename "$p" .pid): pid $(cat "$p") running"; else echo "$(basename "$p" .pid): pid $(cat "$p") gone"; fi
  done
  [ "$any" = 1 ] || { echo "no cluster under $dir"; return 1; }
  echo "readyz: $(curl -s -m 5 "$api/readyz" || echo unreachable)"
  echo "sweeps: $(curl -s -m 5 ${HPO__COORDINATOR__APITOKEN:+-H "Authorization: Bearer $HPO__COORDINATOR__APITOKEN"} "$api/sweeps" || echo unreachable)"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  *) echo "usage: cluster.sh up N | down | status" >&2; exit 2 ;;
esac
