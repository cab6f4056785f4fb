#!/usr/bin/env bash
# Install what the page tests need from Debian: the chromium browser, the Noto
# CJK fonts it uses to render Chinese page text, and node for the JavaScript
# conformance tests. Skips what is present.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# grep reads the whole list (no -q): with pipefail, a grep that stops at the first match
# can leave fc-list killed by SIGPIPE, which read as "fonts missing" and ran apt-get
fc-list 2>/dev/null | grep "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
# node runs the role-play player conformance test and the quiz hash test
command -v node >/dev/null 2>&1 || need+=(nodejs)
# pdftoppm turns the handout PDFs into images for their test
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
