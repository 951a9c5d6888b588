#!/usr/bin/env bash
# Builds the images the container scenarios and tests use, offline, from Debian packages only:
#
#   harness-busybox:test    a root filesystem holding Debian's busybox-static, made by `docker import`
#   harness-web:test        busybox httpd serving scripts/test-images/web on port 80
#   harness-echo:test       a TCP echo server on port 7 (busybox nc -ll -e cat)
#   harness-udp-echo:test   a UDP echo server on port 7/udp (socat: Debian's busybox nc has no -u)
#
# Idempotent: an image that exists is kept unless --force is given. Needs a running engine
# (scripts/docker-engine.sh) and, for the packages, apt-get.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

say() { printf 'build-test-images: %s\n' "$*" >&2; }
# The legacy builder prints a deprecation notice on every build; keep the output for failures only.
build() {
    local tag="$1" ctx="$2"
    if ! docker build -q -t "$tag" "$ctx" >"$WORK/build.log" 2>&1; then
        cat "$WORK/build.log" >&2
        return 1
    fi
}
have_image() { [ "$FORCE" -eq 0 ] && docker image inspect "$1" >/dev/null 2>&1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

build_busybox() {
    if have_image harness-busybox:test; then say "harness-busybox:test exists"; return; fi
    say "building harness-busybox:test from busybox-static"
    # apt-get download writes to the current folder; _apt cannot write to a mktemp folder, so
    # hand it over (otherwise apt warns and downloads unsandboxed, which also works).
    chmod 0777 "$WORK"
    (cd "$WORK" && apt-get download -qq busybox-static 2>/dev/null || (apt-get update -qq && apt-get download -qq busybox-static))
    local root="$WORK/rootfs"
    mkdir -p "$root"
    dpkg-deb -x "$WORK"/busybox-static_*.deb "$root"
    mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,www,proc,sys,dev}
    chmod 1777 "$root/tmp"
    # One symlink per applet at its usual path, as `busybox --install -s` would do inside the image.
    "$root/bin/busybox" --list-full | while read -r applet; do
        [ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
    printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
    tar -C "$root" -c . | docker import \
        --change 'CMD ["/bin/sh"]' \
        --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
        --message 'busybox-static root filesystem for Harness tests' \
        - harness-busybox:test >/dev/null
}

build_web() {
    if have_image harness-web:test; then say "harness-web:test exists"; return; fi
    say "building harness-web:test"
    local ctx="$WORK/web"
    mkdir -p "$ctx"
    cp -r "$HERE/test-images/web" "$ctx/www"
    cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM harness-busybox:test
COPY www/ /www/
EXPOSE 80
# -f: stay in the foreground so the container lives as long as httpd; -vv: log each request.
CMD ["httpd", "-f", "-vv", "-p", "80", "-h", "/www"]
DOCKERFILE
    build harness-web:test "$ctx"
}

build_echo() {
    if have_image harness-echo:test; then say "harness-echo:test exists"; return; fi
    say "building harness-echo:test"
    local ctx="$WORK/echo"
    mkdir -p "$ctx"
    cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM harness-busybox:test
EXPOSE 7
# -ll with -e keeps listening after each connection and runs cat on it: an echo server.
# The echo line first, so that a log wait strategy has a line to wait for.
CMD ["sh", "-c", "echo 'echo: listening on 7/tcp'; exec nc -ll -p 7 -e cat"]
DOCKERFILE
    build harness-echo:test "$ctx"
}

build_udp_echo() {
    if have_image harness-udp-echo:test; then say "harness-udp-echo:test exists"; return; fi
    say "building harness-udp-echo:test"
    # Debian 12's busybox nc has no UDP mode, so the UDP echo server is socat, copied with the
    # shared libraries it needs from this host (installed here only if absent).
    if ! command -v socat >/dev/null 2>&1; then
        say "installing socat on this host to copy it into the image"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends socat >/dev/null
    fi
    local ctx="$WORK/udp"
    mkdir -p "$ctx/root/usr/bin"
    cp "$(command -v socat)" "$ctx/root/usr/bin/socat"
    ldd "$(command -v socat)" | awk '/=> \// {print $3} /^\t\/lib/ {print $1}' | while read -r lib; do
        mkdir -p "$ctx/root$(dirname "$lib")"
        cp -L "$lib" "$ctx/root$lib"
    done
    cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM harness-busybox:test
COPY root/ /
EXPOSE 7/udp
# One child per datagram (RECVFROM + fork) that sends it straight back (PIPE), so every client
# gets its own echo and nothing waits on a previous sender.
CMD ["sh", "-c", "echo 'udp-echo: listening on 7/udp'; exec socat UDP4-RECVFROM:7,fork PIPE"]
DOCKERFILE
    build harness-udp-echo:test "$ctx"
}

build_busybox
build_web
build_echo
build_udp_echo
say "images ready: $(docker image ls --format '{{.Repository}}:{{.Tag}}' | grep '^harness-' | sort | tr '\n' ' ')"
