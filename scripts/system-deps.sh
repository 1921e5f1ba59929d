#!/usr/bin/env bash
# Debian packages the tests use beyond Python: Pango (WeasyPrint's text layout), HarfBuzz's
# subsetter (WeasyPrint embeds the big CJK fonts in seconds with it, a minute without) and
# Noto CJK fonts for the PDF report and standard; LibreOffice Calc to recompute the filled
# CBAM template with its own formulas, re-save a filled data workbook and print it, and
# LibreOffice Writer to print the standard's DOCX (tests marked `libreoffice`); zbar's
# zbarimg to decode the carbon label's QR code at its printed size; Chromium to print the
# standard's HTML as a browser does (tests marked `browser`).
# Installs what is missing when run as root with apt; otherwise says what is missing and
# leaves it (the tests that need it then skip with that reason).
set -uo pipefail

missing() {
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install_for() {  # install_for PURPOSE [apt options --] PACKAGES...
  local purpose=$1; shift
  local options=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do options+=("$1"); shift; done
  shift
  mapfile -t todo < <(missing "$@")
  [ ${#todo[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing ${todo[*]} for the ${purpose}…"
    { [ -n "${APT_UPDATED:-}" ] || apt-get update -qq; } && APT_UPDATED=1 \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${options[@]}" "${todo[@]}" >/dev/null \
      || echo "Could not install ${todo[*]}: the ${purpose} tests will be skipped."
  else
    echo "Missing ${todo[*]} (needs root and apt): the ${purpose} tests will be skipped."
  fi
}

install_for "PDF report and standard" -- libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk
install_for "LibreOffice (CBAM template, workbook, DOCX)" --no-install-recommends -- libreoffice-calc-nogui libreoffice-writer-nogui
install_for "carbon label QR decoding" --no-install-recommends -- zbar-tools
install_for "browser printing" --no-install-recommends -- chromium
exit 0
