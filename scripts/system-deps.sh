#!/usr/bin/env bash
# Debian packages the PDF report needs: Pango (WeasyPrint's text layout) and Noto CJK fonts.
# Installs what is missing when run as root with apt; otherwise says what is missing and
# leaves it (the PDF tests then skip with that reason).
set -uo pipefail
needed=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk)
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} for the PDF report…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || echo "Could not install ${missing[*]}: PDF report tests will be skipped."
else
  echo "Missing ${missing[*]} (needs root and apt): PDF report tests will be skipped."
fi
exit 0
