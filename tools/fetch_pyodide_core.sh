#!/usr/bin/env bash
# Fetch the Pyodide core runtime (npm package "pyodide": the interpreter and the standard
# library, no numpy or pandas) into _vendor/pyodide/, for tests/pages/test_lite_pyodide.py, which
# installs the browser edition's crmkit wheel into it under Node and imports crmkit.
# The version matches the distribution the lite site loads (crmkit.lite.build.PYODIDE_URL).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's#^PYODIDE_URL = ".*/pyodide/v\([0-9.]*\)/full/pyodide.mjs"#\1#p' "$root/crmkit/lite/build.py")
dest="$root/_vendor/pyodide"
if [ -f "$dest/package.json" ] && grep -q "\"version\": \"$version\"" "$dest/package.json"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "错误：没有找到 npm，无法下载 Pyodide 运行时（测试浏览器版要用）。请先安装 Node.js（含 npm）。" >&2
  exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm pack --silent "pyodide@$version" >"$tmp/npm.log" 2>&1); then
  echo "错误：连不上 npm 软件源，没能下载 pyodide@$version。请检查网络或 npm 镜像设置（npm config get registry）。" >&2
  tail -5 "$tmp/npm.log" >&2
  exit 2
fi
rm -rf "$dest" && mkdir -p "$dest"
tar -xzf "$tmp"/pyodide-*.tgz -C "$dest" --strip-components=1
