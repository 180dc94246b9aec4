#!/usr/bin/env bash
# Runs every test of the repository and prints "N passed, N failed" last.
set -uo pipefail
cd "$(dirname "$0")/.."
results=artifacts/test-results
rm -rf "$results"

# The package test restores the packed package from artifacts/packages.
dotnet pack src/VoiceAi.Generators -c Release --nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }

# Prism for the conformance tests, installed once before any test runs (the fixtures install it themselves only when
# the tests are run without this script).
if [ ! -x tests/conformance/node_modules/.bin/prism ]; then
  (cd tests/conformance && npm ci --no-audit --no-fund) || { echo "npm ci failed in tests/conformance"; echo "0 passed, 1 failed"; exit 1; }
fi

dotnet test VoiceAi.Generators.sln -c Release --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # the build or the test host failed before any test could report
fi

if [ "$failed" -gt 0 ]; then
  # Name each failed test and its message just above the summary, so a log's tail shows them.
  for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    python3 - "$trx" <<'PY' 2>/dev/null || grep -o 'testName="[^"]*" [^>]*outcome="Failed"' "$trx"
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") != "Failed":
        continue
    message = r.findtext(".//t:Message", default="", namespaces=ns).strip()
    print("FAILED " + r.get("testName") + ": " + " ".join(message.split())[:600])
PY
  done
fi

echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
