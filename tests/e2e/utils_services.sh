# SPDX-License-Identifier: GPL-2.0
# The integration services: each negotiates the newest versions both sides
# speak; heartbeats are answered; time samples move the PTP clock and SYNC
# sets the clock; shutdown requests run the kernel's poweroff and reboot
# commands; malformed requests are refused; a disabled service stays closed.
. "${0%/*}/lib.sh"

modprobe hvx_sim echo_devices=0
for s in heartbeat shutdown timesync; do
	echo $s >$SIM/add
done
modprobe hvx_utils
for r in 1 2 3; do
	wait_for "grep -q '^$r .* open ' $SIM/devices"
done
U=/sys/kernel/debug/hvx_utils
PTP="python3 ${0%/*}/ptptool.py"

step "negotiation: framework 3.0, and each service's newest version"
wait_for "[ \"\$(host_state 3 version)\" = 4.0 ]"
wait_for "[ \"\$(host_state 1 version)\" = 3.0 ]"
wait_for "[ \"\$(host_state 2 version)\" = 3.2 ]"
expect_eq "$(host_state 1 framework) $(host_state 1 version)" "3.0 3.0" "heartbeat"
expect_eq "$(host_state 2 framework) $(host_state 2 version)" "3.0 3.2" "shutdown"
expect_eq "$(counter $U/timesync version)" 4.0 "timesync, guest side"

step "heartbeat: each sequence number answered plus one"
host 1 beat
wait_for "[ \$(host_state 1 seq) = 11 ]"
host 1 beat
wait_for "[ \$(host_state 1 seq) = 21 ]"
expect_eq "$(host_state 1 status)" 0x0 "status"

step "time samples move the PTP clock (4.0, corrected by the reference time)"
ptp=/dev/ptp$(counter $U/timesync ptp)
expect_eq "$(cat /sys/class/ptp/${ptp#/dev/}/clock_name)" hyperv "PTP clock name"
expect_eq "$($PTP $ptp)" "error 61" "reading before any sample (ENODATA)"
host 3 sample 1000
wait_for "[ \$(counter $U/timesync samples) = 1 ]"
expect_eq "$($PTP $ptp)" 1000 "PTP clock ahead by"
expect_eq "$(ask 3 old_sample 700)" 0x80004005 "a sample 700 s in flight refused"
expect_eq "$(counter $U/timesync refused)" 1 "samples refused"
expect_eq "$(ask 3 old_sample -5)" 0x80004005 "a sample stamped 5 s in the future refused"
expect_eq "$(counter $U/timesync refused)" 2 "samples refused"
expect_eq "$($PTP $ptp)" 1000 "PTP clock unchanged"

step "SYNC sets the guest's clock"
before=$(date +%s)
host 3 sync 86400
wait_for "[ \$(date +%s) -gt $((before + 86000)) ]"
host 3 sync -86400	# the simulated host reads the guest's own clock
wait_for "[ \$(date +%s) -lt $((before + 3600)) ]"
expect_eq "$(counter $U/timesync syncs)" 2 "syncs"

step "time sync 3.0, when the host offers no newer"
host 3 versions 3.0,1.0
host 3 negotiate
wait_for "[ \"\$(host_state 3 version)\" = 3.0 ]"
host 3 sample -500
wait_for "[ \$(counter $U/timesync samples) = 2 ]"
expect_eq "$($PTP $ptp)" -500 "PTP clock behind by"

step "shutdown: power off (plain and forced) and reboot run the kernel's commands"
printf '#!/bin/sh\necho "$0 $*" >>/tmp/shutdown.log\n' >/tmp/fake-poweroff
chmod +x /tmp/fake-poweroff
old_cmd=$(cat /proc/sys/kernel/poweroff_cmd)
echo /tmp/fake-poweroff >/proc/sys/kernel/poweroff_cmd
host 2 request 0
wait_for "grep -q fake-poweroff /tmp/shutdown.log"
host 2 request 1
wait_for "[ \$(grep -c fake-poweroff /tmp/shutdown.log) = 2 ]"
echo "$old_cmd" >/proc/sys/kernel/poweroff_cmd
mv /sbin/reboot /sbin/reboot.real 2>/dev/null || true
cp /tmp/fake-poweroff /sbin/reboot
host 2 request 2
wait_for "grep -q '^/sbin/reboot' /tmp/shutdown.log"
rm /sbin/reboot
mv /sbin/reboot.real /sbin/reboot 2>/dev/null || true
dmesg | grep -q "the host requests power off, forced (reason 0x80020003)" ||
	fail "no message for the forced power off"
expect_eq "$(host_state 2 status)" 0x0 "status"

step "shutdown: hibernate (no hibernation in this kernel) and unknown flags refused"
expect_eq "$(ask 2 request 4)" 0x80004005 "hibernate refused"
expect_eq "$(ask 2 request 8)" 0x80004005 "unknown flags refused"
expect_eq "$(counter $U/shutdown refused)" 2 "shutdowns refused"

step "malformed and unknown requests"
bad=$(counter $U/heartbeat bad)
expect_eq "$(ask 1 malformed)" 0x80004005 "a NEGOTIATE claiming 200 versions"
expect_eq "$(counter $U/heartbeat bad)" $((bad + 1)) "bad requests"
host 1 truncated
wait_for "[ \$(counter $U/heartbeat bad) = $((bad + 2)) ]"
host 1 unknown_type
wait_for "[ \"\$(host_state 1 status)\" = 0x80070032 ]"
host 1 beat
wait_for "[ \$(host_state 1 seq) = 31 ]"

step "a disabled service does not open its channel"
rmmod hvx_utils
modprobe hvx_utils heartbeat=0
wait_for "grep -q '^2 .* open ' $SIM/devices"
wait_for "grep -q '^3 .* open ' $SIM/devices"
grep -q '^1 .* closed ' $SIM/devices || fail "the heartbeat channel was opened"
dmesg | grep -q 'heartbeat service disabled (hvx_utils.heartbeat=0)' || fail "no message"
