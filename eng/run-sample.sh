#!/usr/bin/env bash
# Packs the generator, then builds and runs samples/VoiceAi.Sample against the package from the local feed.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet pack src/VoiceAi.Generators -c Release --nologo -v quiet
# The sample restores into a folder of its own: drop the previous copy so a re-packed 0.1.0 is used.
rm -rf artifacts/sample-packages/voiceai.generators
dotnet run --project samples/VoiceAi.Sample -c Release
