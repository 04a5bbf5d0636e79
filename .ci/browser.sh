#!/bin/sh
# Installs what the dashboard's browser tests (sample-app: Dashboard*BrowserTests) drive: Debian's
# headless-capable chromium and its chromedriver. Idempotent and quiet: does nothing when both exist.
set -e
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
	exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
	SUDO="sudo"
fi
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
command -v chromium >/dev/null && command -v chromedriver >/dev/null
