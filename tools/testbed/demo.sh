#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make demo`: boot the test guest, load what hvx has so far, show it.
set -euo pipefail
exec "$(dirname "$0")/vm.sh" --run "$(dirname "$0")/../../tests/qemu/demo-guest.sh" "$@"
