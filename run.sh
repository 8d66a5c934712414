#!/usr/bin/env bash
# The one run command: installs prerequisites, builds, then starts the whole system through the .NET Aspire AppHost
# (PostgreSQL, the S3/SQS emulator, clamd, the API and the Processing worker) with its dashboard. It prints the
# dashboard's login link, the web page and the demo logins. Ctrl+C stops it all, and so does SIGINT or SIGTERM sent to
# this script's PID (a supervisor, a CI job, `kill -INT $!` after `./run.sh &`).
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
dotnet build BuildPeer.AppHost -c Debug -nologo -v minimal -clp:NoSummary

# The dashboard's three addresses (its page, OTLP, the resource service) on free loopback ports unless given, so that
# several runs on one machine do not collide. Plain HTTP: these machines have no developer certificate.
free_port() { perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 1)->sockport'; }
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:$(free_port)}"
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="${ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL:-http://127.0.0.1:$(free_port)}"
export ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="${ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL:-http://127.0.0.1:$(free_port)}"
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"

# The AppHost runs in a process group of its own, with SIGINT at its default, so that a signal sent to this script's
# PID alone reaches it (and DCP and the dashboard) the way Ctrl+C in a terminal does. SIGTERM is passed on as SIGINT
# for the same reason. The AppHost stops every resource it started, then exits.
perl -e 'setpgrp(0, 0); $SIG{INT} = $SIG{QUIT} = "DEFAULT"; exec @ARGV or die "exec $ARGV[0]: $!\n"' -- \
  BuildPeer.AppHost/bin/Debug/net10.0/BuildPeer.AppHost "$@" &
apphost=$!
trap 'kill -INT -- "-$apphost" 2>/dev/null || true' INT TERM HUP
# `wait` returns early whenever a trapped signal arrives: keep waiting until the AppHost has exited.
while kill -0 "$apphost" 2>/dev/null; do wait "$apphost" || true; done
status=0
wait "$apphost" || status=$?
# DCP, the orchestrator the AppHost started (in a session of its own, watching the AppHost's PID), stops the resources
# after the AppHost has exited: wait for it, so that when this script exits nothing it started is left.
dcp=$(pgrep -f -- "dcp start-apiserver --monitor $apphost " || true)
for _ in $(seq 300); do [ -n "$dcp" ] && kill -0 $dcp 2>/dev/null || break; sleep 0.3; done
# Nothing of the group may outlive this script.
for _ in $(seq 50); do kill -0 -- "-$apphost" 2>/dev/null || exit "$status"; sleep 0.2; done
kill -KILL -- "-$apphost" 2>/dev/null || true
exit "$status"
