#!/usr/bin/env bash
# Fetch the ipywidgets HTML manager and require.js from the npm registry and lay
# them out under _vendor/site/_static/vendor/, which _config.yml serves through
# html_extra_path. Widgets in the built book then render with no internet.
# Nothing fetched here is committed (_vendor/ is in .gitignore).
set -euo pipefail
HTML_MANAGER=@jupyter-widgets/html-manager@1.0.7
REQUIREJS=requirejs@2.3.8
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/_vendor/site/_static/vendor"
stamp="$dest/.versions"
want="$HTML_MANAGER $REQUIREJS"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$HTML_MANAGER" "$REQUIREJS" >/dev/null)
mkdir -p "$tmp/hm" "$tmp/rq"
tar -xzf "$tmp"/jupyter-widgets-html-manager-*.tgz -C "$tmp/hm"
tar -xzf "$tmp"/requirejs-*.tgz -C "$tmp/rq"
rm -rf "$dest" && mkdir -p "$dest"
# embed-amd.js plus the icon fonts it references by bare file name
cp "$tmp/hm/package/dist/embed-amd.js" "$dest/"
find "$tmp/hm/package/dist" -maxdepth 1 \( -name '*.woff' -o -name '*.woff2' -o -name '*.ttf' \
  -o -name '*.eot' -o -name '*.svg' \) -exec cp {} "$dest/" \;
cp "$tmp/rq/package/require.js" "$dest/"
echo "$want" > "$stamp"
echo "widget assets: $want -> ${dest#"$root"/}"
