#!/usr/bin/env bash
# Render the carbon label of a catalogue rule's worked example as printed (PNG, 300 dpi, 90 ×
# 45 mm) and as SVG, decode its QR code with zbarimg and verify the payload against the result.
#   scripts/render-label.sh [RULE] [OUT_DIR]
set -euo pipefail
rule=${1:-cement}
out=${2:-out/render/label}
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}
mkdir -p "$out"
run() { PYTHONPATH="$root/src" "$python" -m pcfrules "$@"; }
run calc "$root/src/pcfrules/catalog/$rule/example.yaml" --format json -o "$out/$rule.result.json" >/dev/null
run label "$out/$rule.result.json" -o "$out/$rule.label.png" --json "$out/$rule.label.json"
run label "$out/$rule.result.json" -o "$out/$rule.label.svg"
zbarimg --raw -q "$out/$rule.label.png" > "$out/$rule.label.scanned.txt" 2>/dev/null
run label verify "$out/$rule.label.scanned.txt" "$out/$rule.result.json"
ls "$out"/*.png
