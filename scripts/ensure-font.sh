#!/usr/bin/env bash
# The font PDF reports embed, WenQuanYi Micro Hei (Debian's fonts-wqy-microhei; it prints Łukasz,
# Şule, Дмитрий and 陈 alike). Nothing to do when the system has it or REPORTING_FONT_PATH names a
# font. As root it is installed from Debian's packages; without root Debian's package is fetched and
# unpacked into var/fonts/, where `make run` and `make test` point reporting (omni_stack).
set -euo pipefail

LOCAL=var/fonts/wqy-microhei.ttc
for found in "${REPORTING_FONT_PATH:-}" /usr/share/fonts/truetype/wqy/wqy-microhei.ttc \
  /usr/share/fonts/wqy-microhei/wqy-microhei.ttc "$LOCAL"; do
  [ -n "$found" ] && [ -f "$found" ] && exit 0
done

echo "Installing the font PDF reports embed (fonts-wqy-microhei) ..."
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null && exit 0
fi
if command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  if (cd "$work" && apt-get download -qq fonts-wqy-microhei >/dev/null 2>&1); then
    dpkg-deb -x "$work"/fonts-wqy-microhei_*.deb "$work/root"
    mkdir -p "$(dirname "$LOCAL")"
    cp "$work/root/usr/share/fonts/truetype/wqy/wqy-microhei.ttc" "$LOCAL"
    echo "  unpacked into $LOCAL"
    exit 0
  fi
fi
echo "Could not install WenQuanYi Micro Hei: install your system's package (Debian and Ubuntu:" >&2
echo "fonts-wqy-microhei; Fedora: wqy-microhei-fonts), or set REPORTING_FONT_PATH to a TrueType font" >&2
echo "covering Latin, Cyrillic and CJK." >&2
exit 1
