#!/usr/bin/env bash
# Refresh the plotly.js basic bundle the report inlines (src/accord/report/vendor/), at the version of
# the plotly.js inside the installed plotly package. Needs npm; run after upgrading plotly.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python}"
version="$("$python" -c 'import re; from plotly.offline import get_plotlyjs; print(re.search(r"v(\d+\.\d+\.\d+)", get_plotlyjs()[:300]).group(1))')"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "plotly.js-basic-dist-min@$version" >/dev/null && tar xzf ./*.tgz)
cp "$tmp/package/plotly-basic.min.js" "$here/src/accord/report/vendor/plotly-basic.min.js"
cp "$tmp/package/LICENSE" "$here/src/accord/report/vendor/plotly-LICENSE.txt"
echo "vendored plotly.js basic $version"
