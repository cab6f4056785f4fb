#!/usr/bin/env bash
# Fetch the pure-Python wheels the browser edition serves beside crmkit (ipywidgets,
# openpyxl and their small dependencies), at the versions installed in .venv, into
# _vendor/lite-wheels/. Pyodide's own distribution has numpy, pandas and matplotlib but
# not these, and the lite site never falls back to PyPI at run time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
py="$root/.venv/bin/python"
dest="$root/_vendor/lite-wheels"
mkdir -p "$dest"
specs=$("$py" - <<'PY'
from importlib.metadata import version
from crmkit.lite.build import EXTRA_WHEELS
print(" ".join(f"{n}=={version(n)}" for n in EXTRA_WHEELS))
PY
)
have=1
for spec in $specs; do
  name=${spec%%==*}; ver=${spec##*==}
  ls "$dest/${name//-/_}-$ver-"*.whl >/dev/null 2>&1 || have=0
done
[ "$have" = 1 ] && exit 0
# shellcheck disable=SC2086
if ! "$py" -m pip download -q --no-deps --only-binary=:all: --dest "$dest" $specs; then
  echo "错误：没能从 Python 软件源下载浏览器版要用的 $specs。" >&2
  echo "请检查网络或 pip 的镜像设置（pip config list），或把别处下载好的 _vendor/lite-wheels/ 复制过来。" >&2
  exit 2
fi
