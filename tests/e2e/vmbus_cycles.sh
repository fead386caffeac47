# SPDX-License-Identifier: GPL-2.0
# 50 connect/disconnect cycles with devices bound: no leak (the harness
# scans kmemleak afterwards), no splat, the same state every time.
. "${0%/*}/lib.sh"

[ -z "$(grep '^hvx_' /proc/modules)" ] || fail "hvx modules loaded before the test"
modprobe hvx_echo_test
i=0
while [ $i -lt 50 ]; do
	modprobe hvx_sim echo_devices=2
	# The offers are on the bus when the load returns (ALLOFFERS_DELIVERED).
	[ "$(device_count)" = 2 ] || fail "cycle $i: $(device_count) devices"
	wait_for "[ \$(ls -d /sys/kernel/debug/hvx_echo_test/* | wc -l) = 2 ]"
	rmmod hvx_sim
	[ "$(device_count)" = 0 ] || fail "cycle $i: devices left"
	i=$((i + 1))
done
expect_eq "$(counter $CORE_STATS malformed)" 0 "malformed messages"
echo PASS
