#!/usr/bin/env bash
# Packs the CLI as a .NET tool, installs it from the packed folder into a scratch tool path, and runs the
# echo scenario from a folder with no harness.yaml above it, so that the plugins must come from the package.
# Exits non-zero when any of that fails. Takes about a minute (a Release build); not part of `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet pack src/Harness.Cli -o "$work/pkg" --nologo -v quiet
unzip -l "$work"/pkg/harness.*.nupkg | grep -q 'tools/net10.0/any/plugins/Harness.Transports.Tcp/Harness.Transports.Tcp.dll' \
  || { echo "pack-smoke: the tcp plugin is not in the package" >&2; exit 1; }

dotnet tool install --tool-path "$work/tool" --add-source "$work/pkg" harness >/dev/null

# A folder with no harness.yaml in it or above it (mktemp's folder is under /tmp).
mkdir -p "$work/project"
cp scenarios/echo.yaml "$work/project/"
if [ -n "$(cd "$work/project" && d=$PWD; while [ "$d" != / ]; do [ -f "$d/harness.yaml" ] && echo "$d"; d=$(dirname "$d"); done)" ]; then
  echo "pack-smoke: a harness.yaml above $work/project would hide the packaged plugins" >&2
  exit 1
fi

cd "$work/project"
"$work/tool/harness" run echo.yaml
echo "pack-smoke: the installed tool ran scenarios/echo.yaml with its packaged plugins"
