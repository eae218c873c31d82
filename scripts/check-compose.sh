#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine: Debian's docker-compose (1.29) parses and
# interpolates it (`config -q`). Placeholder passwords stand in for an administrator's .env.
# .ci/run calls this; scripts/provision-test-tools.js --ci installs docker-compose when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export POSTGRES_PASSWORD=compose-check-placeholder REDIS_PASSWORD=compose-check-placeholder
if command -v docker-compose >/dev/null 2>&1; then
  docker-compose --file docker-compose.yml --project-directory . config --quiet
elif docker compose version >/dev/null 2>&1; then
  docker compose --file docker-compose.yml config --quiet
else
  echo "check-compose: neither docker-compose nor docker compose is installed" >&2
  exit 1
fi
echo "check-compose: docker-compose.yml is valid"
