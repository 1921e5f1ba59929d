#!/usr/bin/env bash
# Debian packages the tests use beyond Python: Pango (WeasyPrint's text layout) and Noto CJK
# fonts for the PDF report; LibreOffice Calc to recompute the filled CBAM template with its
# own formulas. Installs what is missing when run as root with apt; otherwise says what is
# missing and leaves it (the tests that need it then skip with that reason).
set -uo pipefail
needed=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk libreoffice-calc-nogui)
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} (PDF report, CBAM template recalculation)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null \
    || echo "Could not install ${missing[*]}: the PDF and CBAM recalculation tests will be skipped."
else
  echo "Missing ${missing[*]} (needs root and apt): the PDF and CBAM recalculation tests will be skipped."
fi
exit 0
