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
(cd "$tmp" && npm pack --silent "$REVEAL" "$REQUIREJS" >/dev/null)
mkdir -p "$tmp/rv" "$tmp/rq"
tar -xzf "$tmp"/reveal.js-*.tgz -C "$tmp/rv"
tar -xzf "$tmp"/requirejs-*.tgz -C "$tmp/rq"
rm -rf "$dest" "$rjs" && mkdir -p "$dest" "$rjs"
# only what the decks load: dist/ (reveal.js, reveal.css, themes) and plugin/ (speaker notes)
cp -r "$tmp/rv/package/dist" "$tmp/rv/package/plugin" "$tmp/rv/package/LICENSE" "$dest/"
cp "$tmp/rq/package/require.js" "$rjs/"
echo "$want" > "$stamp"
echo "slide assets: $want -> _vendor/reveal.js, _vendor/requirejs"
