#!/usr/bin/env bash
# Ours against DBOS Transact on the same PostgreSQL, plus the embedded backends, in one run; prints
# markdown tables and writes them to workflow-benchmarks/target/dbos-comparison.md.
# Needs the PostgreSQL of .ci/postgres.sh (or -Dbench.postgresUrl=... -Dbench.postgresUser=...
# -Dbench.postgresPassword=...) on this machine: PostgreSQL CPU is read from /proc.
# Usage: scripts/compare-dbos.sh [-Dbench.n=2000] [-Dbench.pairs=3] [-Dbench.callers=1,16]
#        [-Dbench.parts=postgres,counts,embedded,profile] [-Dbench.profile=postgres|actors-memory|sqlite]
set -euo pipefail
cd "$(dirname "$0")/.."
# compile through the reactor (no install): the benchmark runs on the modules' target/classes
mvn -q -pl workflow-benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
cd workflow-benchmarks
exec java -Xmx2g "$@" -cp "target/classes:$(cat target/cp.txt)" dev.workflow.benchmarks.DbosComparison
