# SPDX-License-Identifier: GPL-2.0
# Sub-channels: offered to the bound driver (and replayed to a driver that
# binds later), each with its own rings and sysfs directory, traffic on all
# of them at once, one rescinded alone, then the device with the rest.
. "${0%/*}/lib.sh"

ECHO=/sys/kernel/debug/hvx_echo_test
modprobe hvx_sim echo_devices=1
d=$(dev_of_relid 1)
e=$ECHO/$(basename $d)

step "three sub-channels before the driver binds, two after"
echo "1 3" >$SIM/subchannels
wait_for "[ \$(wc -l <$d/channel_vp_mapping) = 4 ]"
modprobe hvx_echo_test
echo "1 2" >$SIM/subchannels
wait_for "[ \$(grep -c ' open ' $SIM/devices) = 6 ]"
wait_for "[ \$(ls $e/sub*/ping 2>/dev/null | wc -l) = 5 ]"
expect_eq "$(cut -d: -f1 $d/channel_vp_mapping | tr '\n' ' ')" "1 2 3 4 5 6 " \
	"channel_vp_mapping relids"
for relid in 2 3 4 5 6; do
	expect_eq "$(cat $d/channels/$relid/subchannel_id)" $((relid - 1)) \
		"subchannel_id of relid $relid"
done
expect_eq "$(ls $BUS | wc -l)" 1 "sub-channels are not devices"

step "1000 packets on each of the six channels at once"
pids=
for p in $e/ping $e/sub*/ping; do
	echo 1000 >$p &
	pids="$pids $!"
done
for p in $pids; do
	wait $p || fail "a ping failed"
done
for s in $e/stats $e/sub*/stats; do
	expect_eq "$(counter $s received)" 1000 "echoes in $s"
	expect_eq "$(counter $s bad)" 0 "bad echoes in $s"
done

step "rescind sub-channel 2 (relid 3) during traffic on the others"
echo 3000 >$e/sub1/ping &
busy=$!
echo 3 >$SIM/rescind
wait_for "[ ! -e $e/sub2 ]"
wait_for "[ ! -e $d/channels/3 ]"
wait $busy || fail "traffic on sub-channel 1 failed"
wait_for "! grep -q '^3 ' $SIM/devices"
expect_eq "$(cut -d: -f1 $d/channel_vp_mapping | tr '\n' ' ')" "1 2 4 5 6 " \
	"channel_vp_mapping after"

step "rescind the device: its sub-channels go first"
echo 1 >$SIM/rescind
wait_for "[ ! -e $d ]"
wait_for "[ -z \"\$(cat $SIM/devices)\" ]"
expect_eq "$(counter $CORE_STATS bad_offers)" 0 "bad offers"
dmesg | grep -q "left channel" && fail "a channel was left open"
echo PASS
