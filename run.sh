#!/usr/bin/env bash
# The one run command: installs prerequisites, then starts the whole system through the AppHost
# (PostgreSQL, the S3/SQS emulator, clamd, the API and the Processing worker). Ctrl+C stops it all.
set -euo pipefail
cd "$(dirname "$0")"
BUILDPEER_BROWSER_TESTS=0 scripts/install-prerequisites.sh
exec dotnet run --project BuildPeer.AppHost -- "$@"
