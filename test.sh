#!/usr/bin/env bash
# The one test command: installs prerequisites, builds, and runs every test (xunit suites against real
# PostgreSQL, fauxqs, clamd, libvips and poppler started by the fixtures; the web page's and the CDK app's node tests).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh

dotnet build BuildPeer.sln -c Debug -nologo -clp:ErrorsOnly
# Wolverine's pre-generated handler code must match the handlers (Static mode runs only what was generated).
scripts/check-generated-code.sh
log=$(mktemp)
status=0
dotnet test BuildPeer.sln --no-build -nologo 2>&1 | tee "$log" || status=$?
(cd web && npm test 2>&1) | tee -a "$log" || status=$?
if [ -f deploy/cdk/package.json ]; then
  (cd deploy/cdk && npm test 2>&1) | tee -a "$log" || status=$?
fi
# The benchmark harness in quick mode: CI checks that it runs end to end, not its figures (BENCHMARKS.md).
if [ "${BUILDPEER_SKIP_BENCH:-0}" != "1" ]; then
  bench/run --quick 2>&1 | tail -n 12 || status=$?
fi

# One closing line for every runner together.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
node_pass=$(grep -oE '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
node_fail=$(grep -oE '^# fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
# Name what failed in the last lines too: CI shows only the end of this output.
grep -E '^\s+Failed [A-Za-z_]|^not ok ' "$log" | sed 's/^ */FAILED: /' || true
rm -f "$log"
echo "$((passed + node_pass)) passed, $((failed + node_fail)) failed"
exit $status
