#!/usr/bin/env bash
# The one run command: installs prerequisites, builds, then starts the whole system through the AppHost
# (PostgreSQL, the S3/SQS emulator, clamd, the API and the Processing worker). Ctrl+C stops it all, and so does
# SIGINT or SIGTERM sent to this script's PID (a supervisor, a CI job, `kill -INT $!` after `./run.sh &`).
set -euo pipefail

# A script started with `&` by a non-interactive shell has SIGINT and SIGQUIT ignored, and bash can neither trap
# nor reset a signal ignored on entry: start this script again, once, with the default dispositions (perl is
# part of every Debian system). exec keeps the PID.
if [ -z "${BUILDPEER_RUN_SIGNALS_RESET:-}" ]; then
  export BUILDPEER_RUN_SIGNALS_RESET=1
  exec perl -e '$SIG{INT} = $SIG{QUIT} = "DEFAULT"; exec @ARGV or die "exec $ARGV[0]: $!\n"' -- "$0" "$@"
fi
unset BUILDPEER_RUN_SIGNALS_RESET
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$(dirname "$0")"

scripts/install-prerequisites.sh --run
echo "Building (the first build takes a few minutes)..."
dotnet build BuildPeer.AppHost -nologo -v minimal -clp:NoSummary

# The AppHost runs in a process group of its own, with SIGINT at its default, so that a signal sent to this
# script's PID alone reaches it the way Ctrl+C in a terminal does: `dotnet run` ignores SIGINT and leaves the
# stopping to its child, which receives it too. SIGTERM is passed on as SIGINT for the same reason (dotnet run
# does not wait for its child after a SIGTERM). The AppHost stops every service it started, then exits.
perl -e 'setpgrp(0, 0); $SIG{INT} = $SIG{QUIT} = "DEFAULT"; exec @ARGV or die "exec $ARGV[0]: $!\n"' -- \
  dotnet run --no-build --project BuildPeer.AppHost -- "$@" &
apphost=$!
trap 'kill -INT -- "-$apphost" 2>/dev/null || true' INT TERM HUP
# `wait` returns early whenever a trapped signal arrives: keep waiting until the AppHost has exited.
while kill -0 "$apphost" 2>/dev/null; do wait "$apphost" || true; done
status=0
wait "$apphost" || status=$?
# Nothing of the group may outlive this script.
for _ in $(seq 50); do kill -0 -- "-$apphost" 2>/dev/null || exit "$status"; sleep 0.2; done
kill -KILL -- "-$apphost" 2>/dev/null || true
exit "$status"
