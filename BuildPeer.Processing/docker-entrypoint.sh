#!/bin/bash
# Entry point of the Processing image: update the ClamAV signatures, start clamd on
# 127.0.0.1:3310, wait until it answers, then run the worker. If either clamd or the worker
# exits, the other is stopped and the container exits with that status (ECS replaces the task).
set -euo pipefail

FRESHCLAM_CONF=${FRESHCLAM_CONF:-/etc/clamav/freshclam-buildpeer.conf}
CLAMD_CONF=${CLAMD_CONF:-/etc/clamav/clamd-buildpeer.conf}
CLAMD_HOST=127.0.0.1
CLAMD_PORT=3310
CLAMD_START_TIMEOUT=${CLAMD_START_TIMEOUT:-300}

log() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) docker-entrypoint: $*" >&2; }

have_signatures() { compgen -G '/var/lib/clamav/*.c[lv]d' > /dev/null; }

# 1. Signatures: try a few times; an image with baked signatures may start without the update.
updated=false
for attempt in 1 2 3; do
  if freshclam --config-file="$FRESHCLAM_CONF" --stdout; then updated=true; break; fi
  log "freshclam attempt $attempt failed"
  sleep $((attempt * 5))
done
if ! $updated; then
  if have_signatures; then
    log "freshclam failed; starting with the signatures already in the image"
  else
    log "freshclam failed and there are no signatures: cannot scan"
    exit 1
  fi
fi

# 2. clamd in the background, then wait for PONG.
clamd --config-file="$CLAMD_CONF" &
clamd_pid=$!

clamd_ping() {
  local reply
  exec 3<>"/dev/tcp/$CLAMD_HOST/$CLAMD_PORT" || return 1
  printf 'zPING\0' >&3
  IFS= read -r -d '' -t 5 reply <&3 || true
  exec 3>&- 3<&-
  [[ "$reply" == "PONG" ]]
}

waited=0
until clamd_ping 2>/dev/null; do
  if ! kill -0 "$clamd_pid" 2>/dev/null; then log "clamd exited while starting"; exit 1; fi
  if (( waited >= CLAMD_START_TIMEOUT )); then log "clamd not ready after ${CLAMD_START_TIMEOUT}s"; exit 1; fi
  sleep 1; waited=$((waited + 1))
done
log "clamd ready on $CLAMD_HOST:$CLAMD_PORT after ${waited}s"

# 3. Keep the signatures fresh (clamd's SelfCheck reloads them).
freshclam --config-file="$FRESHCLAM_CONF" --daemon --foreground --stdout &
freshclam_pid=$!

# 4. The worker.
dotnet /app/BuildPeer.Processing.dll &
worker_pid=$!

stop_all() {
  kill -TERM "$worker_pid" 2>/dev/null || true
  wait "$worker_pid" 2>/dev/null || true
  kill -TERM "$clamd_pid" "$freshclam_pid" 2>/dev/null || true
}
trap 'log "stopping"; stop_all; exit 143' TERM INT

# Exit when the worker or clamd exits (freshclam failing later is not fatal).
set +e
wait -n "$worker_pid" "$clamd_pid"
status=$?
set -e
if kill -0 "$worker_pid" 2>/dev/null; then
  log "clamd exited ($status); stopping the worker"
  (( status == 0 )) && status=1
else
  log "worker exited ($status)"
fi
stop_all
exit "$status"
