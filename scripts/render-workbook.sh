#!/usr/bin/env bash
# Render a rule's data-collection workbook as a person sees it printed: generate it (zh and
# en), print it through LibreOffice to PDF, and each page to PNG for looking at.
#   scripts/render-workbook.sh [RULE] [OUT_DIR]      (default: cement, out/render/workbook)
set -euo pipefail
rule=${1:-cement}
out=${2:-out/render/workbook}
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}
mkdir -p "$out"
profile="file://$(cd "$out" && pwd)/.lo-profile"
for lang in zh en; do
  book="$out/$rule.$lang.xlsx"
  PYTHONPATH="$root/src" "$python" -m pcfrules workbook "$rule" --lang "$lang" -o "$book"
  soffice "-env:UserInstallation=$profile" --headless --convert-to pdf --outdir "$out" "$book" >/dev/null
  pdftoppm -r 60 -png "$out/$rule.$lang.pdf" "$out/$rule.$lang"
done
ls "$out"/*.png
