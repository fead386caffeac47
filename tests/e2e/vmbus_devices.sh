# SPDX-License-Identifier: GPL-2.0
# hvx_sim's offers become vmbus devices with Linux's sysfs ABI, exactly;
# Linux's own lsvmbus lists them; unloading the host removes them.
. "${0%/*}/lib.sh"

modalias=vmbus:4e0a3c6f258a4b4d9d435c2f0c8e1a01
class='{6f3c0a4e-8a25-4d4b-9d43-5c2f0c8e1a01}'

step "three echo devices"
modprobe hvx_sim echo_devices=3
expect_eq "$(device_count)" 3 "devices on the bus"
expect_eq "$(counter $CORE_STATS version)" 5.3 "negotiated version"

n=0
while read -r relid cls inst state channel vp; do
	n=$((n + 1))
	d=$BUS/$(echo "$inst" | tr -d '{}')
	step "relid $relid: $d"
	[ -d "$d" ] || fail "no device $d"
	expect_eq "$state" offered "host state"
	expect_eq "$channel" closed "host channel state"
	expect_eq "$cls" "$class" "host class"
	expect_eq "$(cat $d/id)" "$relid" id
	expect_eq "$(cat $d/class_id)" "$class" class_id
	expect_eq "$(cat $d/device_id)" "$inst" device_id
	expect_eq "$(cat $d/modalias)" "$modalias" modalias
	expect_eq "$(grep MODALIAS $d/uevent)" "MODALIAS=$modalias" uevent
	expect_eq "$(cat $d/state)" 0 state
	expect_eq "$(cat $d/monitor_id)" $((relid - 1)) monitor_id
	expect_eq "$(cat $d/vendor)" 0x1414 vendor
	expect_eq "$(cat $d/device)" 0x10 device
	expect_eq "$(cat $d/numa_node)" 0 numa_node
	expect_eq "$(cat $d/channel_vp_mapping)" "$relid:0" channel_vp_mapping
	expect_eq "$(cat $d/driver_override)" "(null)" driver_override
	[ ! -e $d/driver ] || fail "bound to a driver already"
	c=$d/channels/$relid
	[ -d $c ] || fail "no $c"
	expect_eq "$(cat $c/cpu)" 0 "channel cpu"
	expect_eq "$(cat $c/subchannel_id)" 0 "channel subchannel_id"
	expect_eq "$(cat $c/monitor_id)" $((relid - 1)) "channel monitor_id"
	expect_eq "$(cat $c/read_avail) $(cat $c/write_avail)" "0 0" "closed channel's rings"
	expect_eq "$(cat $c/events) $(cat $c/interrupts) $(cat $c/intr_out_empty) $(cat $c/intr_in_full)" \
		"0 0 0 0" "a channel never opened: signals"
	expect_eq "$(cat $c/out_full_first) $(cat $c/out_full_total)" "0 0" "ring full counts"
done <$SIM/devices
expect_eq $n 3 "devices the host lists"
expect_eq "$(cat /sys/bus/vmbus/hibernation)" 0 "hibernation (hvx keeps no channel state across it)"

step "lsvmbus -vv"
lsvmbus -vv >/tmp/lsvmbus.out
for relid in 1 2 3; do
	inst=48565853-0000-0000-0000-00000000000$relid
	printf 'VMBUS ID %2s: Class_ID = %s - Unknown\n\tDevice_ID = {%s}\n\tSysfs path: %s\n\tRel_ID=%s, target_cpu=0\n\n' \
		$relid "$class" $inst "$BUS/$inst" $relid
done >/tmp/lsvmbus.want
cat /tmp/lsvmbus.out
cmp /tmp/lsvmbus.out /tmp/lsvmbus.want || fail "lsvmbus -vv output differs"
expect_eq "$(lsvmbus | head -1)" "VMBUS ID  1: Unknown" "lsvmbus"

if [ "$(sim_link)" = hyperv ]; then
	# Hyper-V outlives its guest: the guest goes first.
	step "the guest unloads"
	expect_eq "$(counter $CORE_STATS malformed)" 0 "malformed messages"
	rmmod hvx_vmbus
	expect_eq "$(counter $SIM/stats version)" 0.0 "the host's version after UNLOAD"
	rmmod hvx_sim
	echo PASS
	exit 0
fi
step "unload the host"
rmmod hvx_sim
expect_eq "$(device_count)" 0 "devices after rmmod"
expect_eq "$(counter $CORE_STATS version)" 0.0 "version after rmmod"
expect_eq "$(counter $CORE_STATS malformed)" 0 "malformed messages"
echo PASS
