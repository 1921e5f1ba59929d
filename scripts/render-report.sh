#!/usr/bin/env bash
# Render the study report of a catalogue rule's worked example as a person sees it: compute
# the example, write the report (zh and en) as HTML and PDF (WeasyPrint), each PDF page to
# PNG for looking at.
#   scripts/render-report.sh [RULE] [OUT_DIR] [calc options, e.g. --samples 200]
set -euo pipefail
rule=${1:-cement}
out=${2:-out/render/report}
shift $(( $# > 2 ? 2 : $# ))
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}
mkdir -p "$out"
run() { PYTHONPATH="$root/src" "$python" -m pcfrules "$@"; }
run calc "$root/src/pcfrules/catalog/$rule/example.yaml" --format json -o "$out/$rule.result.json" "$@" >/dev/null
for lang in zh en; do
  for fmt in html pdf; do
    run report "$out/$rule.result.json" --lang "$lang" -o "$out/$rule.report.$lang.$fmt"
  done
  pdftoppm -r 60 -png "$out/$rule.report.$lang.pdf" "$out/$rule.report.$lang"
done
ls "$out"/*.png
