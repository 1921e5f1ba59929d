#!/usr/bin/env bash
# Render a rule's standard text as a person sees it: HTML and PDF (WeasyPrint) and DOCX
# (printed through LibreOffice), zh and en, each page to PNG for looking at; the HTML also
# as a browser shows it when headless Chromium is installed.
#   scripts/render-standard.sh [RULE] [OUT_DIR] [render options, e.g. --stage review]
set -euo pipefail
rule=${1:-cement}
out=${2:-out/render/standard}
shift $(( $# > 2 ? 2 : $# ))
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}
mkdir -p "$out"
out=$(cd "$out" && pwd)
profile="file://$out/.lo-profile"
for lang in zh en; do
  for fmt in html pdf docx; do
    PYTHONPATH="$root/src" "$python" -m pcfrules rules render "$rule" --lang "$lang" \
      --format "$fmt" -o "$out/$rule.$lang.$fmt" "$@"
  done
  pdftoppm -r 60 -png "$out/$rule.$lang.pdf" "$out/$rule.$lang.pdf"
  mkdir -p "$out/docx"
  soffice "-env:UserInstallation=$profile" --headless --convert-to pdf --outdir "$out/docx" \
    "$out/$rule.$lang.docx" >/dev/null
  pdftoppm -r 60 -png "$out/docx/$rule.$lang.pdf" "$out/$rule.$lang.docx"
  if command -v chromium >/dev/null; then
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,1400 \
      --screenshot="$out/$rule.$lang.html.png" "file://$out/$rule.$lang.html" 2>/dev/null
  fi
done
ls "$out"/*.png
