#!/usr/bin/env bash
# Runs KillLoopTest repeatedly with both cores kept busy by a CPU hog: each run SIGKILLs the worker
# JVM KILLS times while 2,000 three-activity workflows run, then checks every workflow completed
# exactly once. Needs the PostgreSQL of .ci/postgres.sh. Not part of CI (it takes long).
#
#   scripts/kill-loop-under-load.sh                 # 10 runs of 10 kills on every durable backend
#   RUNS=3 KILLS=5 CASES=sqlite,h2 scripts/kill-loop-under-load.sh
#
# Cases: postgres, sqlite, h2, actorsJdbc (PostgreSQL store), actorsJdbcH2.
set -uo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
KILLS=${KILLS:-10}
CASES=${CASES:-postgres,sqlite,h2,actorsJdbc,actorsJdbcH2}
HOGS=${HOGS:-$(nproc)}

mvn -q -B -ntp -pl workflow-core -am test-compile -DskipTests || exit 1

hogs=()
for _ in $(seq "$HOGS"); do
  sh -c 'while :; do :; done' &
  hogs+=($!)
done
trap 'kill "${hogs[@]}" 2>/dev/null' EXIT

mkdir -p target
summary=target/kill-loop-under-load.txt
: > "$summary"
start_all=$(date +%s)
fail=0
for c in ${CASES//,/ }; do
  pass=0
  for r in $(seq "$RUNS"); do
    t0=$(date +%s)
    if mvn -q -B -ntp -pl workflow-core surefire:test -Dtest="KillLoopTest#$c" -Dkillloop.kills="$KILLS" \
        > "target/kill-loop-$c-$r.log" 2>&1; then
      pass=$((pass + 1)); result=passed
    else
      fail=$((fail + 1)); result=FAILED
    fi
    echo "$c run $r: $result in $(( $(date +%s) - t0 )) s" | tee -a "$summary"
  done
  echo "$c: $pass of $RUNS runs passed ($KILLS kills each, $HOGS CPU hogs)" | tee -a "$summary"
done
echo "total: $(( $(date +%s) - start_all )) s" | tee -a "$summary"
exit $(( fail > 0 ))
