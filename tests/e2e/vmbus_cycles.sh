# SPDX-License-Identifier: GPL-2.0
# 50 connect/disconnect cycles with devices bound: no leak (the harness
# scans kmemleak afterwards), no splat, the same state every time.
. "${0%/*}/lib.sh"

modprobe hvx_echo_test
i=0
while [ $i -lt 50 ]; do
	modprobe hvx_sim echo_devices=2
	[ "$(device_count)" = 2 ] || fail "cycle $i: $(device_count) devices"
	rmmod hvx_sim
	[ "$(device_count)" = 0 ] || fail "cycle $i: devices left"
	i=$((i + 1))
done
expect_eq "$(counter $CORE_STATS malformed)" 0 "malformed messages"
echo PASS
