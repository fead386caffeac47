# SPDX-License-Identifier: GPL-2.0
# Channels carry traffic: echo packets over several channels at once, each
# checked byte for byte by the driver; hot-add and rescind during traffic.
. "${0%/*}/lib.sh"

ECHO=/sys/kernel/debug/hvx_echo_test

modprobe hvx_sim echo_devices=3
modprobe hvx_echo_test
for r in 1 2 3; do
	wait_for "grep -q '^$r .* open ' $SIM/devices"
done

step "one ping each"
for d in $ECHO/*/; do
	echo 1 >$d/ping
	expect_eq "$(counter $d/stats received)" 1 "echoes on $d"
done

step "3 x 2000 packets on three channels at once"
pids=
for d in $ECHO/*/; do
	echo 2000 >$d/ping &
	pids="$pids $!"
done
for p in $pids; do
	wait $p || fail "a ping failed"
done
for d in $ECHO/*/; do
	expect_eq "$(counter $d/stats received)" 2001 "echoes on $d"
	expect_eq "$(counter $d/stats bad)" 0 "bad echoes on $d"
done

step "hot-add during traffic"
d1=$ECHO/48565853-0000-0000-0000-000000000001
echo 5000 >$d1/ping &
busy=$!
echo echo >$SIM/add
# The host calls it open before the guest's open returns and the driver's files exist.
wait_for "[ -e $ECHO/48565853-0000-0000-0000-000000000004/ping ]"
echo 100 >$ECHO/48565853-0000-0000-0000-000000000004/ping
wait $busy || fail "ping during hot-add failed"

step "rescind during traffic: the ping fails, the others go on"
echo 100000 >$d1/ping 2>/tmp/ping.err &
busy=$!
wait_for "[ \$(counter $d1/stats received) -gt 7100 ]"
echo 1 >$SIM/rescind
! wait $busy || fail "ping on a rescinded channel succeeded"
wait_for "[ ! -e $d1 ]"
wait_for "! grep -q '^1 ' $SIM/devices"
echo 500 >$ECHO/48565853-0000-0000-0000-000000000002/ping
expect_eq "$(counter $SIM/stats bad_gpadls)" 0 "bad GPADL messages"
expect_eq "$(counter $SIM/stats bad_opens)" 0 "refused opens"

step "forged completions: a duplicate, a stale and an unknown id are rejected"
e2=$ECHO/48565853-0000-0000-0000-000000000002
for kind in duplicate stale unknown; do
	before=$(counter $e2/stats rejected)
	echo "bad_completion $kind" >$SIM/fault
	echo 5 >$e2/ping || fail "ping after a $kind completion"
	wait_for "[ \$(counter $e2/stats rejected) = $((before + 1)) ]"
done
expect_eq "$(counter $e2/stats bad)" 0 "bad echoes"
! echo "bad_completion other" >$SIM/fault 2>/dev/null || fail "accepted a bad kind"

step "move a channel's interrupt: MODIFYCHANNEL"
d2=$BUS/48565853-0000-0000-0000-000000000002
c2=$d2/channels/2
expect_eq "$(cat $c2/cpu)" 0 "cpu before"
echo 1 >$c2/cpu
expect_eq "$(cat $c2/cpu)" 1 "cpu after"
expect_eq "$(cat $d2/channel_vp_mapping)" "2:1" "channel_vp_mapping after"
# The host's VP index of CPU 1: the same number directly; Hyper-V numbers
# its VPs its own way (the model: not as Linux numbers CPUs).
vp=$(counter $SIM/stats vp_of_cpu1)
expect_eq "$(awk '$1 == 2 { print $6 }' $SIM/devices)" "${vp:-1}" "the host's target VP"
! echo 7 >$c2/cpu 2>/dev/null || fail "moved to an offline CPU"
echo 300 >$ECHO/48565853-0000-0000-0000-000000000002/ping
[ "$(cat $c2/events)" -gt 0 ] && [ "$(cat $c2/interrupts)" -gt 0 ] || fail "no events counted"
# Every signal of the guest has one of the two causes the ABI names.
expect_eq "$(cat $c2/events)" $(($(cat $c2/intr_out_empty) + $(cat $c2/intr_in_full))) \
	"events = intr_out_empty + intr_in_full"
[ "$(cat $c2/out_full_first)" -le "$(cat $c2/out_full_total)" ] || fail "out_full_first"
expect_eq "$(cat $c2/read_avail)" 0 "unread bytes after the pings"
[ "$(cat $c2/write_avail)" -gt 0 ] || fail "write_avail"

step "unload with channels open"
rmmod hvx_echo_test
wait_for "! grep -q ' open ' $SIM/devices"
# Hyper-V outlives its guest: through the model the host goes after it.
[ "$(sim_link)" = hyperv ] || rmmod hvx_sim
echo PASS
