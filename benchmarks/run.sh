#!/usr/bin/env bash
# Runs every benchmark and prints one table of ratios, each against a baseline measured in the same run.
# Usage: benchmarks/run.sh [all | exchange | bulk | cold | scenarios | connections | load] [--runs N] [--small]
set -euo pipefail
cd "$(dirname "$0")/.."
bench=artifacts/bench
rid=linux-x64
quiet=(-v quiet -nologo)

echo "building (Release; ReadyToRun publishes of the harness, its plugins and the raw echo client)..." >&2
dotnet build -c Release src/Harness.Cli "${quiet[@]}" >/dev/null   # also places the plugins in artifacts/plugins
dotnet build -c Release benchmarks/Harness.Benchmarks "${quiet[@]}" >/dev/null
r2r=(-c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true "${quiet[@]}")
dotnet publish src/Harness.Cli "${r2r[@]}" -o "$bench/harness" >/dev/null
for plugin in plugins/*/; do
  name=$(basename "$plugin")
  dotnet publish "$plugin" "${r2r[@]}" -o "$bench/plugins/$name" >/dev/null
done
dotnet publish benchmarks/RawEchoClient "${r2r[@]}" -o "$bench/raw-echo-client" >/dev/null

# 10,000 connections need more open files than the usual soft limit of 1024 (the benchmark also raises it).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec dotnet benchmarks/Harness.Benchmarks/bin/Release/net10.0/Harness.Benchmarks.dll "$@"
