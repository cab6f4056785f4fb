#!/usr/bin/env bash
# Fetch the ipywidgets HTML manager, require.js and MathJax from the npm registry and
# lay them out under _vendor/site/_static/vendor/, which _config.yml serves through
# html_extra_path. Widgets and formulas in the built book then render with no internet.
# Nothing fetched here is committed (_vendor/ is in .gitignore).
set -euo pipefail
HTML_MANAGER=@jupyter-widgets/html-manager@1.0.7
REQUIREJS=requirejs@2.3.8
MATHJAX=mathjax@3.2.2
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/_vendor/site/_static/vendor"
stamp="$dest/.versions"
want="$HTML_MANAGER $REQUIREJS $MATHJAX"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm pack --silent "$HTML_MANAGER" "$REQUIREJS" "$MATHJAX" >/dev/null \
      2>"$tmp/npm.log"); then
  echo "无法从 npm 下载网页书要用的脚本（$want）。请检查网络或 npm 镜像设置后重试：" >&2
  cat "$tmp/npm.log" >&2
  exit 1
fi
mkdir -p "$tmp/hm" "$tmp/rq" "$tmp/mj"
tar -xzf "$tmp"/jupyter-widgets-html-manager-*.tgz -C "$tmp/hm"
tar -xzf "$tmp"/requirejs-*.tgz -C "$tmp/rq"
tar -xzf "$tmp"/mathjax-*.tgz -C "$tmp/mj"
rm -rf "$dest" && mkdir -p "$dest"
# embed-amd.js plus the icon fonts it references by bare file name
cp "$tmp/hm/package/dist/embed-amd.js" "$dest/"
find "$tmp/hm/package/dist" -maxdepth 1 \( -name '*.woff' -o -name '*.woff2' -o -name '*.ttf' \
  -o -name '*.eot' -o -name '*.svg' \) -exec cp {} "$dest/" \;
cp "$tmp/rq/package/require.js" "$dest/"
# MathJax: the TeX-to-HTML bundle plus the pieces it loads on demand (fonts, TeX
# extensions, menu); the speech engine and the other bundles are left out.
mj="$tmp/mj/package/es5"
mkdir -p "$dest/mathjax"
cp "$mj/tex-chtml.js" "$dest/mathjax/"
cp -r "$mj/input" "$mj/output" "$mj/ui" "$mj/a11y" "$mj/adaptors" "$dest/mathjax/"
echo "$want" > "$stamp"
echo "widget assets: $want -> ${dest#"$root"/}"
