#!/usr/bin/env bash
# Fetch configurable-http-proxy (npm), the proxy JupyterHub starts for the classroom hub,
# into _vendor/hub/. Nothing fetched here is committed.
set -euo pipefail
CHP=configurable-http-proxy@5.3.0
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/_vendor/hub"
if [ -x "$dest/node_modules/.bin/configurable-http-proxy" ] && [ "$(cat "$dest/.version" 2>/dev/null)" = "$CHP" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "错误：没有找到 npm，无法安装 JupyterHub 的代理 configurable-http-proxy。请先安装 Node.js（含 npm）。" >&2
  exit 2
fi
mkdir -p "$dest"
if ! (cd "$dest" && npm install --silent --no-audit --no-fund --prefix "$dest" "$CHP" >"$dest/npm.log" 2>&1); then
  echo "错误：连不上 npm 软件源，没能安装 $CHP。请检查网络或 npm 镜像设置（npm config get registry）。" >&2
  tail -5 "$dest/npm.log" >&2
  exit 2
fi
echo "$CHP" > "$dest/.version"
