#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Storage benchmark (not a test): boots the test guest and compares fio on
# an hvx_storvsc disk (hvx_sim as the host) with scsi_debug, both RAM-backed,
# in the same guest and run. Prints the figures and the ratios. Under TCG
# the absolute numbers are small; the ratio is what to compare across runs.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$top/tools/testbed/vm.sh" --run "$top/tools/bench/storage_guest.sh" --out "$out" \
	--timeout 600 >/dev/null
grep -a '^BENCH' "$out/console.log" | sed 's/^BENCH //'
