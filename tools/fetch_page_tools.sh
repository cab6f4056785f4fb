#!/usr/bin/env bash
# Fetch axe-core (the accessibility rules the page tests run inside Chromium) from
# the npm registry into _vendor/npm/. Nothing fetched here is committed.
set -euo pipefail
AXE=axe-core@4.14.0
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/_vendor/npm"
stamp="$dest/.versions"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$AXE" ] && [ -f "$dest/axe.min.js" ]; then
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm pack --silent "$AXE" >/dev/null 2>"$tmp/npm.log"); then
  echo "无法从 npm 下载 $AXE（页面无障碍检查要用）。请检查网络或 npm 镜像设置后重试：" >&2
  cat "$tmp/npm.log" >&2
  exit 1
fi
mkdir -p "$dest" "$tmp/pkg"
tar -xzf "$tmp"/axe-core-*.tgz -C "$tmp/pkg"
cp "$tmp/pkg/package/axe.min.js" "$dest/axe.min.js"
echo "$AXE" > "$stamp"
echo "page tools: $AXE -> ${dest#"$root"/}"
