# SPDX-License-Identifier: GPL-2.0
# The test kernel's model of Hyper-V (booted with hv_model) and hvx_sim
# behind it: the TLFS rules by hand (KUnit hvx_hv_model: hypercall statuses,
# a SynIC slot kept full, EOM), then hvx_vmbus connecting through SynIC and
# hypercalls with no parameter, channel traffic signalled both ways, CPU
# hotplug, a burst of offers during traffic, and a host that vanishes. Runs
# in the Hyper-V guest only (vm.sh's hyperv_group).
. "${0%/*}/lib.sh"

grep -qw hv_model /proc/cmdline || skip "the guest was not booted with hv_model"

step "the TLFS by hand: KUnit hvx_hv_model"
modprobe hvx_sim start_guest=0 echo_devices=3 monitor_latency_us=0	# no monitor pages: every signal a hypercall
expect_eq "$(sim_link)" hyperv "the host's link"
modprobe hvx_hv_model_test
R=/sys/kernel/debug/kunit/hvx_hv_model/results
cat $R
grep -q '^ok [0-9]* hvx_hv_model' $R || fail "KUnit hvx_hv_model"
rmmod hvx_hv_model_test
expect_eq "$(counter $SIM/stats version)" 0.0 "host version after the suite's UNLOAD"

step "hvx_vmbus connects through Hyper-V by default"
modprobe hvx_vmbus
expect_eq "$(counter $CORE_STATS version)" 5.3 "negotiated version"
wait_for "[ \$(device_count) = 3 ]"
dmesg | grep -q 'connected to the Hyper-V host: VMBus 5.3' || fail "hvx_vmbus did not say Hyper-V"
[ "$(counter $SIM/stats posts)" -ge 2 ] || fail "the guest's contact and offer request were not hypercalls"
expect_eq "$(counter $SIM/stats lost)" 0 "messages or events lost"

step "echo traffic: HvSignalEvent one way, event flags and interrupts the other"
modprobe hvx_echo_test
for r in 1 2 3; do
	wait_for "grep -q '^$r .* open ' $SIM/devices"
done
signals=$(counter $SIM/stats signals)
events=$(counter $SIM/stats events)
refused=$(counter $SIM/stats signals_refused)	# the suite's, on purpose
for d in /sys/kernel/debug/hvx_echo_test/*/; do
	echo 200 >$d/ping
	wait_for "[ \$(counter $d/stats received) = 200 ]"
done
[ "$(counter $SIM/stats signals)" -gt "$signals" ] || fail "no channel signal by hypercall"
[ "$(counter $SIM/stats events)" -gt "$events" ] || fail "no channel event to the guest"
[ "$(counter $SIM/stats interrupts)" -gt 0 ] || fail "no interrupt"
expect_eq "$(counter $SIM/stats signals_refused)" "$refused" "signals refused"

step "CPU hotplug: a CPU with a channel stays; without, its SynIC goes and comes back"
CPU1=/sys/devices/system/cpu/cpu1/online
c2=$BUS/48565853-0000-0000-0000-000000000002/channels/2
expect_eq "$(counter $SIM/stats synic_cpu1)" 1 "CPU 1's SynIC"
echo 1 >$c2/cpu
! echo 0 >$CPU1 2>/dev/null || fail "CPU 1 went offline under channel 2"
expect_eq "$(cat $CPU1)" 1 "CPU 1 online"
echo 0 >$c2/cpu
echo 0 >$CPU1
expect_eq "$(counter $SIM/stats synic_cpu1)" 0 "CPU 1's SynIC once offline"
! echo 1 >$c2/cpu 2>/dev/null || fail "channel 2 moved to an offline CPU"
echo 1 >$CPU1
expect_eq "$(counter $SIM/stats synic_cpu1)" 1 "CPU 1's SynIC back"
echo 1 >$c2/cpu
expect_eq "$(awk '$1 == 2 { print $6 }' $SIM/devices)" "$(counter $SIM/stats vp_of_cpu1)" \
	"the host's target VP of channel 2"
interrupts=$(counter $SIM/stats interrupts)
d2=/sys/kernel/debug/hvx_echo_test/48565853-0000-0000-0000-000000000002
received=$(counter $d2/stats received)
echo 100 >$d2/ping
wait_for "[ \$(counter $d2/stats received) = $((received + 100)) ]"
[ "$(counter $SIM/stats interrupts)" -gt "$interrupts" ] || fail "no interrupt on CPU 1"
expect_eq "$(counter $SIM/stats lost)" 0 "messages or events lost"

# Whether an offer waits for the slot depends on timing (the KUnit suite
# proves the queue and EOM exactly); here every offer must arrive, none lost.
step "40 offers in a burst during echo traffic"
for d in /sys/kernel/debug/hvx_echo_test/*/; do
	echo 2000 >$d/ping &
done
for i in $(seq 40); do
	echo echo >$SIM/add
done
wait
wait_for "[ \$(device_count) = 43 ]"
expect_eq "$(counter $SIM/stats queued)" 0 "messages still queued"
expect_eq "$(counter $SIM/stats lost)" 0 "messages or events lost"
echo "slot busy $(counter $SIM/stats pended) times, $(counter $SIM/stats eoms) EOMs"

step "the guest unloads; the host outlives it"
rmmod hvx_echo_test hvx_vmbus
expect_eq "$(counter $SIM/stats version)" 0.0 "host version after UNLOAD"
rmmod hvx_sim

# A 2012 host (2.4) hears no UNLOAD, so nothing keeps hvx_sim loaded.
step "the host vanishes under a 2.4 guest, which survives it"
modprobe hvx_sim host_version=0x20004 start_guest=0 echo_devices=2
modprobe hvx_vmbus
modprobe hvx_echo_test
for r in 1 2; do
	wait_for "grep -q '^$r .* open ' $SIM/devices"
done
for d in /sys/kernel/debug/hvx_echo_test/*/; do
	echo 10 >$d/ping
done
rmmod hvx_sim
for d in /sys/kernel/debug/hvx_echo_test/*/; do
	! echo 1 >$d/ping 2>/dev/null || fail "an echo from a host that is gone"
done
dmesg -c >/dev/null
rmmod hvx_echo_test
expect_eq "$(dmesg | grep -c 'the host still holds the ring memory')" 2 \
	"channels whose rings are kept from the host"
rmmod hvx_vmbus
dmesg | grep -q 'leaking the ring memory of 2 channel(s) the host held' ||
	fail "ring memory the host may still write was freed"
echo PASS
