#!/usr/bin/env bash
# What `dotnet build` costs a user: a console app with the packed package and one OpenAPI document (default: GitHub's
# from ../shared/specs), built once, then built again after a one-line edit of Program.cs, RUNS times.
# Prints one markdown row per document: first build, and the median and range of the builds after an edit.
#
#   bash benchmarks/build-cost.sh [RUNS] [DOCUMENT ...]    (documents relative to ../shared/specs)
#
# VOICEAI_BUILD_ARGS adds arguments to every `dotnet build` (split at spaces), for example
# -p:RunAnalyzersDuringBuild=false (some of the SDK's default analyzers analyze generated code: see benchmarks/README.md).
# VOICEAI_BUILD_LAYOUT=library puts the document in a class library of its own (Api/Api.csproj) that the console app
# references: an edit of Program.cs then leaves the library up to date.
# VOICEAI_BUILD_LAYOUT=own-assembly keeps the document in the console app with OpenApiOwnAssembly="true": the package
# compiles its client into an assembly of its own, incrementally, and the app references it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
shared=$(cd .. && pwd)/shared/specs
runs=${1:-3}
shift || true
documents=("$@")
[ ${#documents[@]} -gt 0 ] || documents=(github/api.github.com.json)

dotnet pack src/VoiceAi.Generators -c Release --nologo -v quiet >/dev/null
feed="$root/artifacts/packages"

echo "| document | first build | build after a one-line edit (median of $runs) | range |"
echo "| --- | ---: | ---: | ---: |"
for document in "${documents[@]}"; do
  work=$(mktemp -d)
  cp "$shared/$document" "$work/"
  name=$(basename "$document")
  client_items="<PackageReference Include=\"VoiceAi.Generators\" Version=\"0.1.0\" PrivateAssets=\"all\" />
    <AdditionalFiles Include=\"DOCUMENT\" OpenApiClientName=\"ApiClient\" OpenApiNamespace=\"Api\" />"
  app_items="${client_items/DOCUMENT/$name}"
  if [ "${VOICEAI_BUILD_LAYOUT:-}" = own-assembly ]; then
    app_items="${app_items/OpenApiNamespace=\"Api\"/OpenApiNamespace=\"Api\" OpenApiOwnAssembly=\"true\"}"
  fi
  if [ "${VOICEAI_BUILD_LAYOUT:-}" = library ]; then
    mkdir -p "$work/Api"
    cat > "$work/Api/Api.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <RestorePackagesPath>$work/packages</RestorePackagesPath>
    <VoiceAiIncludeBundledOpenApi>false</VoiceAiIncludeBundledOpenApi>
  </PropertyGroup>
  <ItemGroup>
    ${client_items/DOCUMENT/../$name}
  </ItemGroup>
</Project>
EOF
    app_items='<ProjectReference Include="Api/Api.csproj" />
    <Compile Remove="Api/**" />'
  fi
  cat > "$work/Consumer.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <RestorePackagesPath>$work/packages</RestorePackagesPath>
    <VoiceAiIncludeBundledOpenApi>false</VoiceAiIncludeBundledOpenApi>
  </PropertyGroup>
  <ItemGroup>
    $app_items
  </ItemGroup>
</Project>
EOF
  cat > "$work/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
  </packageSources>
</configuration>
EOF
  echo '<Project />' > "$work/Directory.Build.props"
  echo '<Project />' > "$work/Directory.Packages.props"
  echo 'Console.WriteLine(typeof(Api.ApiClient).Name);' > "$work/Program.cs"
  (cd "$work" && dotnet restore --nologo -v quiet >/dev/null)
  start=$(date +%s.%N)
  (cd "$work" && dotnet build --no-restore --nologo -v quiet -clp:ErrorsOnly ${VOICEAI_BUILD_ARGS:-} >/dev/null) || { echo "build failed for $document"; (cd "$work" && dotnet build --no-restore --nologo -v quiet -clp:ErrorsOnly ${VOICEAI_BUILD_ARGS:-} | tail -5); exit 1; }
  first=$(echo "$(date +%s.%N) - $start" | bc)
  times=()
  for i in $(seq 1 "$runs"); do
    echo "Console.WriteLine($i);" >> "$work/Program.cs"
    start=$(date +%s.%N)
    (cd "$work" && dotnet build --no-restore --nologo -v quiet -clp:ErrorsOnly ${VOICEAI_BUILD_ARGS:-} >/dev/null)
    times+=("$(echo "$(date +%s.%N) - $start" | bc)")
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  median=${sorted[$(( ${#sorted[@]} / 2 ))]}
  printf '| %s | %.1f s | %.1f s | %.1f–%.1f s |\n' "$document" "$first" "$median" "${sorted[0]}" "${sorted[-1]}"
  (cd "$work" && dotnet build-server shutdown >/dev/null 2>&1 || true)
  rm -rf "$work"
done
