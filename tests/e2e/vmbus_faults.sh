# SPDX-License-Identifier: GPL-2.0
# A host that sends garbage, goes silent or loses a reply: each fault is
# counted, logged and survived; the devices keep working.
. "${0%/*}/lib.sh"

modprobe hvx_vmbus reply_timeout_ms=500

step "a silent host: loading fails with a timeout, cleanly"
! modprobe hvx_sim silent=1 2>/dev/null || fail "connected to a silent host"
dmesg | tail -5 | grep -q "did not answer INITIATE_CONTACT within 500 ms" ||
	fail "no timeout message"
grep -q '^hvx_sim ' /proc/modules && fail "hvx_sim stayed loaded"
expect_eq "$(device_count)" 0 "devices"

modprobe hvx_sim echo_devices=2

# inject FAULT COUNTER: the fault must raise the guest's COUNTER by one.
inject() {
	local before
	before=$(counter $CORE_STATS $2)
	echo "$1" >$SIM/fault
	wait_for "[ \$(counter $CORE_STATS $2) = $((before + 1)) ]"
}

for f in malformed oversized bad_relid guest_type; do
	step "fault $f"
	inject $f malformed
done
step "fault unsolicited"
inject unsolicited unsolicited
for f in rescind_unknown duplicate_offer; do
	step "fault $f"
	inject $f bad_offers
done

step "the devices survived"
expect_eq "$(device_count)" 2 "devices"
expect_eq "$(cat "$(dev_of_relid 2)/id")" 2 "relid 2"
echo echo >$SIM/add
wait_for "[ \$(device_count) = 3 ]"

step "a slow host (200 ms per answer) is still served"
modprobe hvx_echo_test
echo "delay 200" >$SIM/fault
echo echo >$SIM/add
wait_for "[ \$(device_count) = 4 ]"
e4=/sys/kernel/debug/hvx_echo_test/$(basename "$(dev_of_relid 4)")
# The driver link appears before probe runs; the ping file once it is done.
wait_for "[ -e $e4/ping ]"
echo 10 >$e4/ping
echo "delay 0" >$SIM/fault

step "a lost GPADL_CREATED: the open times out, the GPADL is torn down"
rmmod hvx_echo_test
echo echo >$SIM/add
wait_for "[ \$(device_count) = 5 ]"
d5=$(dev_of_relid 5)
for d in $BUS/*; do
	[ $d = $d5 ] || echo none >$d/driver_override
done
echo "drop 1" >$SIM/fault
modprobe hvx_echo_test
dmesg | tail -5 | grep -q "did not answer GPADL_HEADER within 500 ms" ||
	fail "no GPADL timeout message"
[ ! -e $d5/driver ] || fail "bound without a GPADL"
dmesg | grep -q "leaking the ring memory" && fail "the GPADL was not torn down"
expect_eq "$(counter $SIM/stats bad_gpadls)" 0 "bad GPADL messages"
echo $(basename $d5) >/sys/bus/vmbus/drivers_probe
[ -e $d5/driver ] || fail "not bound on the second try"
for d in $BUS/*; do
	echo >$d/driver_override
done

step "a rescind in the middle of an open: the probe fails at once"
dmesg -c >/dev/null
echo rescind_on_open >$SIM/fault
echo echo >$SIM/add
wait_for "! grep -q '^6 ' $SIM/devices"
wait_for "[ \$(device_count) = 5 ]"
dmesg | grep -q "did not answer" && fail "waited for a rescinded channel"
rmmod hvx_echo_test

step "a lost GPADL_TORNDOWN: the rings stay the host's until UNLOAD"
modprobe hvx_echo_test
d2=$(dev_of_relid 2)
wait_for "[ -e /sys/kernel/debug/hvx_echo_test/$(basename $d2)/ping ]"
dmesg -c >/dev/null
echo "drop 1" >$SIM/fault
echo $(basename $d2) >/sys/bus/vmbus/drivers/hvx_echo_test/unbind
dmesg | grep -q "relid 2: the host still holds the ring memory (-110): kept until UNLOAD" ||
	fail "no held-rings message"
rmmod hvx_echo_test
rmmod hvx_sim
dmesg | grep -q "released the ring memory of 1 channel(s) the host held" ||
	fail "held rings not released after UNLOAD"
modprobe hvx_sim echo_devices=2

step "a lost UNLOAD_RESPONSE: unload still completes"
echo "drop 1" >$SIM/fault
rmmod hvx_sim
dmesg | tail -5 | grep -q "the host did not acknowledge UNLOAD" || fail "no UNLOAD warning"
expect_eq "$(device_count)" 0 "devices"

step "and the next host connects"
modprobe hvx_sim
expect_eq "$(device_count)" 1 "devices"
echo PASS
