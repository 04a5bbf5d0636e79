#!/usr/bin/env bash
# Installs the JavaScript test's modules (@dapr/dapr, pinned in package.json) for
# workflow-sidecar's SidecarJavaScriptIT. Idempotent and quiet: does nothing when the pinned
# version is already installed. Needs node (20) and npm on the PATH and the npm registry.
set -euo pipefail
dir="$(cd "$(dirname "$0")/.." && pwd)/workflow-sidecar/src/test/js"
cd "$dir"
want="$(node -p 'require("./package.json").dependencies["@dapr/dapr"]')"
have="$(node -p 'try { require("./node_modules/@dapr/dapr/package.json").version } catch (e) { "" }')"
if [ "$want" = "$have" ]; then
	exit 0
fi
if [ -f package-lock.json ]; then
	npm ci --no-audit --no-fund --loglevel=error >/dev/null
else
	npm install --no-audit --no-fund --loglevel=error >/dev/null
fi
