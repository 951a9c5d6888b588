#!/usr/bin/env bash
# Runs a copy of the scenarios folder 20 times (default), interrupting two runs in three with SIGINT or
# SIGTERM in the middle of a scenario, then checks that no peer process is left running. The copy
# gains one slow scenario (a process peer that answers after a second, with a child of its own), so
# that an interruption lands mid-scenario. Every process peer carries HARNESS_RUN_ID in its
# environment, and its children inherit it: that is how leftovers are found.
# Usage: scripts/peer-leak-check.sh [runs]
set -uo pipefail
set -m # job control: background runs get their own process group and do not ignore SIGINT
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-20}

dotnet build src/Harness.Cli -v q -nologo >/dev/null || exit 1
harness=(dotnet "$root/src/Harness.Cli/bin/Debug/net10.0/harness.dll")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r scenarios "$work/suite"
printf 'plugins:\n  - %s/artifacts/plugins\n' "$root" >"$work/harness.yaml"
cat >"$work/suite/zz-slow.yaml" <<'YAML'
name: slow answer
peers:
  server:
    process:
      command: "sleep 30 & python3 -c 'import socket, sys, time; s = socket.socket(); s.bind((\"127.0.0.1\", int(sys.argv[1]))); s.listen(); c, _ = s.accept(); time.sleep(1); c.sendall(b\"late\")' ${peers.server.port}"
      shell: true
      port: auto
steps:
  - connect: tcp://${peers.server.endpoint}
  - expect: { text: "late", timeout: 5s }
YAML

leftovers() {
  local count=0
  for env in /proc/[0-9]*/environ; do
    if { tr '\0' '\n' <"$env"; } 2>/dev/null | grep -q '^HARNESS_RUN_ID='; then
      count=$((count + 1))
    fi
  done
  echo "$count"
}

before=$(leftovers)
cd "$work"
for i in $(seq 1 "$runs"); do
  case $((i % 3)) in
    0) signal=none ;;
    1) signal=INT ;;
    2) signal=TERM ;;
  esac
  "${harness[@]}" run suite >/dev/null 2>&1 &
  pid=$!
  if [ "$signal" != none ]; then
    sleep "$((RANDOM % 2)).$((5 + RANDOM % 5))" # 0.5 to 1.9 s: mostly mid-scenario
    kill -s "$signal" "$pid" 2>/dev/null
  fi
  wait "$pid"
  echo "run $i: ended by $signal, exit $?"
done

sleep 0.5
after=$(leftovers)
if [ "$after" -gt "$before" ]; then
  echo "peer-leak-check: $((after - before)) peer process(es) left running" >&2
  exit 1
fi
echo "peer-leak-check: $runs runs, no peer process left running"
