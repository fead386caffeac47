#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Network benchmark (not a test): boots the test guest and compares TCP
# throughput and UDP packets/s through hvx_netvsc + hvx_sim with a veth pair,
# in the same guest and run. Prints the figures and the ratios. Under TCG
# the absolute numbers are small (and UDP is bounded by Python's sender);
# the ratios are what to compare across runs.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$top/tools/testbed/vm.sh" --run "$top/tools/bench/net_guest.sh" --out "$out" \
	--timeout 600 >/dev/null
grep -a '^BENCH' "$out/console.log" | sed 's/^BENCH //' | tr -d '\r' | awk '
	{ v[$1 " " $2] = $3; print }
	END {
		for (m in v) { split(m, k, " "); if (k[1] == "hvx" && v["veth " k[2]] > 0)
			printf "ratio %s hvx/veth %.2f\n", k[2], v[m] / v["veth " k[2]] }
	}'
