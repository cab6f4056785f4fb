#!/usr/bin/env bash
# Install Lighthouse (npm) into _vendor/lighthouse for benchmarks/pages.py. It runs
# Debian's chromium (CHROME_PATH), so no browser is downloaded. Not committed.
set -euo pipefail
LIGHTHOUSE=lighthouse@12.8.2
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/_vendor/lighthouse"
if [ -x "$dest/node_modules/.bin/lighthouse" ] && [ "$(cat "$dest/.version" 2>/dev/null)" = "$LIGHTHOUSE" ]; then
  exit 0
fi
mkdir -p "$dest"
if ! (cd "$dest" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund \
      "$LIGHTHOUSE" >/dev/null 2>"$dest/npm.log"); then
  echo "无法从 npm 安装 $LIGHTHOUSE（页面性能基准要用）。请检查网络或 npm 镜像设置：" >&2
  cat "$dest/npm.log" >&2
  exit 1
fi
echo "$LIGHTHOUSE" > "$dest/.version"
echo "lighthouse: $LIGHTHOUSE -> ${dest#"$root"/}"
