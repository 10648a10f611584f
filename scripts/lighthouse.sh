#!/usr/bin/env bash
# Lighthouse scores (performance, accessibility) of one page of the built site, served on loopback
# with gzip as a static host would serve it.
# Usage: scripts/lighthouse.sh [PAGE_PATH]   (default: attention/basics/); needs site/ (guide build) and chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
page="${1:-attention/basics/}"
tools=.guide/lighthouse
[ -x "$tools/node_modules/.bin/lighthouse" ] || npm install --silent --prefix "$tools" lighthouse@13 >/dev/null
port=8765
python3 scripts/serve_gzip.py "$port" site &
server=$!
trap 'kill $server' EXIT
sleep 1
for form in mobile desktop; do
  preset=()
  [ "$form" = desktop ] && preset=(--preset=desktop)
  CHROME_PATH="$(command -v chromium)" "$tools/node_modules/.bin/lighthouse" "http://127.0.0.1:$port/$page" \
    "${preset[@]}" --only-categories=performance,accessibility --output=json --output-path="$tools/$form.json" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking" \
    --quiet
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(sys.argv[2], {k: round(v['score']*100) for k, v in r['categories'].items()})" "$tools/$form.json" "$form"
done
