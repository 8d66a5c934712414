#!/usr/bin/env bash
# Redis for the AppHost on 127.0.0.1:$REDIS_PORT: the shared rate-limit counters and the status cache. Nothing in it
# needs to survive a restart, so no persistence.
set -euo pipefail
exec "$(command -v redis-server || echo /usr/bin/redis-server)" --port "$REDIS_PORT" --bind 127.0.0.1 --protected-mode yes \
  --save '' --appendonly no
