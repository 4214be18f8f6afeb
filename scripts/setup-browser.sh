#!/usr/bin/env bash
# Installs Debian's Chromium for the viewer's browser test, idempotently, and prints
# where it is:
#
#   PHR_CHROMIUM=/usr/bin/chromium
#
#   eval "$(scripts/setup-browser.sh)"
#
# Needs root for apt-get the first time. The browser never downloads anything of its
# own: playwright-core (from scripts/setup-checkers.sh) drives this binary.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ ! -x /usr/bin/chromium ]]; then
    [[ $(id -u) -eq 0 ]] || die "Chromium is missing and installing it needs root (apt-get install chromium)"
    take_lock apt
    apt_install_missing setup-browser chromium fonts-dejavu-core
fi
[[ -x /usr/bin/chromium ]] || die "chromium is not installed"
printf 'export PHR_CHROMIUM=%q\n' /usr/bin/chromium
