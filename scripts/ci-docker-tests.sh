#!/usr/bin/env bash
# The container part of CI, for .ci/run to call: start an engine (installing it if absent), build
# the test images, and run the Docker peer tests with HARNESS_REQUIRE_DOCKER=1, so that a missing
# engine fails the run instead of skipping the tests. Afterwards, no container of a harness run may
# be left on the engine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/docker-engine.sh
scripts/build-test-images.sh

HARNESS_REQUIRE_DOCKER=1 dotnet test tests/Harness.Peers.Docker.Tests --nologo

left="$(docker ps -aq --filter label=harness.run | wc -l)"
if [ "$left" -ne 0 ]; then
    echo "ci-docker-tests: $left container(s) labelled harness.run were left behind:" >&2
    docker ps -a --filter label=harness.run >&2
    exit 1
fi
echo "ci-docker-tests: no container left behind"
