#!/usr/bin/env bash
# Fetch reveal.js and require.js from the npm registry into _vendor/ so that the
# lecture decks (python -m crmkit.slides) open from file:// with no internet.
# nbconvert's reveal template loads reveal.js through require.js, so both are needed.
# Nothing fetched here is committed (_vendor/ is in .gitignore).
set -euo pipefail
REVEAL=reveal.js@4.6.1
REQUIREJS=requirejs@2.3.8
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/_vendor/reveal.js"
rjs="$root/_vendor/requirejs"
stamp="$root/_vendor/.slides-versions"
want="$REVEAL $REQUIREJS"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
  && [ -f "$dest/dist/reveal.js" ] && [ -f "$rjs/require.js" ]; then
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! command -v npm >/dev/null 2>&1; then
  echo "错误：没有找到 npm，无法下载幻灯片用的 reveal.js 和 require.js。" >&2
  echo "请先安装 Node.js（含 npm），或把已下载好的 _vendor/ 文件夹复制到课程包根目录。" >&2
  exit 2
fi
if ! (cd "$tmp" && npm pack --silent "$REVEAL" "$REQUIREJS" >"$tmp/npm.log" 2>&1); then
  echo "错误：连不上 npm 软件源（$(npm config get registry 2>/dev/null || echo registry)），" \
       "没能下载 $REVEAL 和 $REQUIREJS。" >&2
  echo "请检查网络或代理设置；内网环境可以用 npm config set registry 指向行内镜像，" \
       "或把别处下载好的 _vendor/ 文件夹复制到课程包根目录后再运行 make slides。" >&2
  echo "npm 的输出（最后几行）：" >&2
  tail -n 3 "$tmp/npm.log" >&2
  exit 2
fi
mkdir -p "$tmp/rv" "$tmp/rq"
tar -xzf "$tmp"/reveal.js-*.tgz -C "$tmp/rv"
tar -xzf "$tmp"/requirejs-*.tgz -C "$tmp/rq"
rm -rf "$dest" "$rjs" && mkdir -p "$dest" "$rjs"
# only what the decks load: dist/ (reveal.js, reveal.css, themes) and plugin/ (speaker notes)
cp -r "$tmp/rv/package/dist" "$tmp/rv/package/plugin" "$tmp/rv/package/LICENSE" "$dest/"
cp "$tmp/rq/package/require.js" "$rjs/"
echo "$want" > "$stamp"
echo "slide assets: $want -> _vendor/reveal.js, _vendor/requirejs"
