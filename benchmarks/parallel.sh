#!/usr/bin/env bash
# Parallel speed-up: 200 small scenarios whose peer takes 50 ms to answer, run with --parallel 1 and then
# --parallel 8 in the same run of this script (same machine, same build), printing both times and the ratio.
# The goal is a ratio of at least 5. Usage: benchmarks/parallel.sh [scenarios] [delay] [parallel]
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:-200}
delay=${2:-50ms}
parallel=${3:-8}

dotnet build src/Harness.Cli --nologo -v quiet >/dev/null
harness="$PWD/src/Harness.Cli/bin/Debug/net10.0/harness.dll"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'plugins:\n  - %s\n' "$PWD/artifacts/plugins" > "$work/harness.yaml"
mkdir -p "$work/suite"
for ((i = 0; i < count; i++)); do
  file="$work/suite/s$((i / 10)).yaml"
  [ -s "$file" ] && echo '---' >> "$file"
  cat >> "$file" <<YAML
name: slow echo $i
peers:
  server: { builtin: echo, delay: $delay }
steps:
  - connect: tcp://\${peers.server.endpoint}
  - send: "ping $i"
  - expect: { echo: true }
YAML
done

# Milliseconds of wall-clock time for one run; the run must pass.
run() {
  local start end
  start=$(date +%s%N)
  (cd "$work" && dotnet "$harness" run suite --parallel "$1" >"$work/out-$1.txt") || { cat "$work/out-$1.txt" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

serial=$(run 1)
wide=$(run "$parallel")
echo "scenarios: $count, peer delay: $delay, cores: $(nproc)"
echo "--parallel 1: ${serial} ms"
echo "--parallel $parallel: ${wide} ms"
awk -v s="$serial" -v p="$wide" -v n="$parallel" 'BEGIN { r = s / p; printf "speed-up: %.1fx (goal: at least 5x) %s\n", r, (r >= 5 ? "ok" : "BELOW GOAL") }'
