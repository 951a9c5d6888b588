#!/usr/bin/env bash
# Makes sure a Docker engine answers on the local unix socket: installs Debian's docker.io when
# dockerd is missing, starts dockerd in the background when the socket does not answer, and waits
# up to 60 s for it. Idempotent: running it again with an engine up does nothing.
# Used by .ci/run; on a desk machine with systemd, `systemctl start docker` does the same job.
set -euo pipefail

SOCKET="${HARNESS_DOCKER_SOCKET:-/var/run/docker.sock}"
LOG="${HARNESS_DOCKERD_LOG:-/var/log/harness-dockerd.log}"
WAIT_SECONDS="${HARNESS_DOCKERD_WAIT:-60}"

say() { printf 'docker-engine: %s\n' "$*" >&2; }

answers() {
    # /_ping answers "OK" as soon as the API is up; curl is not always installed, so fall back to
    # the CLI, and last to the socket's mere existence.
    if command -v curl >/dev/null 2>&1; then
        curl -fsS --max-time 2 --unix-socket "$SOCKET" http://engine/_ping >/dev/null 2>&1
    elif command -v docker >/dev/null 2>&1; then
        DOCKER_HOST="unix://$SOCKET" timeout 5 docker version >/dev/null 2>&1
    else
        [ -S "$SOCKET" ]
    fi
}

if answers; then
    say "engine already answers at unix://$SOCKET"
    exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        say "dockerd is missing and installing it needs root: sudo apt-get install docker.io"
        exit 1
    fi
    say "installing docker.io"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq docker.io >/dev/null
fi

if [ "$(id -u)" -ne 0 ]; then
    say "dockerd is installed but not running, and starting it needs root: sudo systemctl start docker"
    exit 1
fi

# A container here may have no systemd: start dockerd directly and detach it from this shell so
# that it outlives the script.
say "starting dockerd (log: $LOG)"
nohup setsid dockerd --host "unix://$SOCKET" >>"$LOG" 2>&1 </dev/null &

for _ in $(seq 1 "$WAIT_SECONDS"); do
    if answers; then
        say "engine answers at unix://$SOCKET"
        exit 0
    fi
    sleep 1
done

say "dockerd did not answer at unix://$SOCKET within ${WAIT_SECONDS}s; last lines of $LOG:"
tail -n 30 "$LOG" >&2 || true
exit 1
