#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# hvx against its peer (not a test): boots the test guest on the model of
# Hyper-V and runs the same storage and network figures through hvx's
# drivers, then through Linux's in-tree drivers, against one simulated host
# in one run (tools/bench/peer_guest.sh). Prints the figures, the
# hvx/in-tree ratios and each stack's two-queue/one-queue scaling.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
HVX_VM_APPEND="hv_model ${HVX_VM_APPEND:-}" "$top/tools/testbed/vm.sh" \
	--run "$top/tools/bench/peer_guest.sh" --out "$out" --timeout 900 >/dev/null
grep -a '^BENCH' "$out/console.log" | sed 's/^BENCH //' | tr -d '\r' | awk '
	{ v[$1 " " $2] = $3; print }
	END {
		n = split("rand4k_iops seq1m_MBps tcp_out_MBps tcp_in_MBps udp_pps", k, " ")
		for (i = 1; i <= n; i++)
			if (v["intree " k[i]] > 0)
				printf "ratio %s hvx/in-tree %.2f\n", k[i], v["hvx " k[i]] / v["intree " k[i]]
		split("hvx intree", s, " ")
		for (i = 1; i <= 2; i++)
			if (v[s[i] " tcp2_1q_MBps"] > 0)
				printf "ratio tcp2 %s 2q/1q %.2f\n", s[i],
					v[s[i] " tcp2_2q_MBps"] / v[s[i] " tcp2_1q_MBps"]
	}'
[ "$(grep -ac '^BENCH intree tcp2_2q' "$out/console.log")" = 1 ] ||
	{ echo "the peer benchmark did not finish:"; tail -40 "$out/console.log"; exit 1; }
