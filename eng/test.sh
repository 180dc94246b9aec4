#!/usr/bin/env bash
# Runs every test of the repository and prints "N passed, N failed" last.
set -uo pipefail
cd "$(dirname "$0")/.."
results=artifacts/test-results
rm -rf "$results"

# The package test restores the packed package from artifacts/packages.
dotnet pack src/VoiceAi.Generators -c Release --nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }

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

echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
