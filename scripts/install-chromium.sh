#!/usr/bin/env bash
# Installs Debian's chromium for the console's browser tests
# (console/browser/, driven by chromedp). Idempotent: safe to run again.
#
# Usage: scripts/install-chromium.sh     (as root, or with sudo)
set -euo pipefail

if ! command -v chromium >/dev/null; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq chromium >/dev/null
fi
chromium --version
