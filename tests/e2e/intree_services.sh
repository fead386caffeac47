# SPDX-License-Identifier: GPL-2.0
# Linux's hv_utils on hvx_sim's integration services: each negotiates the
# versions hvx negotiates with the same host; heartbeats are answered; a
# time sample moves the PTP clock and SYNC sets the clock; a shutdown
# request runs the kernel's poweroff command; KVP with Debian's
# hv_kvp_daemon and VSS freeze/thaw with hv_vss_daemon. (6.12's file copy
# service is a userspace daemon on a uio channel, not hv_utils: not here.)
# hvx-e2e-timeout: 400
. "${0%/*}/lib.sh"

hostname hvx-guest
printf '127.0.0.1 localhost\n127.0.1.1 hvx-guest.example.test hvx-guest\n' >/etc/hosts
echo 'hosts: files' >/etc/nsswitch.conf
mkdir -p /var/lib
intree_host
for s in heartbeat shutdown timesync kvp vss; do
	intree_add $s hv_utils hv_utils
	eval "$s=$relid"
done
# The daemons open /dev/vmbus/hv_kvp and hv_vss, which the devices bring;
# in-tree holds KVP's negotiation until its daemon is there (55 s at most).
hv_kvp_daemon -n &
hv_vss_daemon -n &

step "negotiation: framework 3.0, the newest version of each service"
for s in "heartbeat 3.0" "shutdown 3.2" "timesync 4.0" "kvp 4.0" "vss 5.0"; do
	eval "r=\$${s% *}"
	wait_for "[ \"\$(host_state $r version)\" = ${s#* } ]" 30
	expect_eq "$(host_state $r framework)" 3.0 "${s% *} framework"
done

step "heartbeat: each sequence number answered plus one"
host $heartbeat beat
wait_for "[ \$(host_state $heartbeat seq) = 11 ]"
expect_eq "$(host_state $heartbeat status)" 0x0 "status"

step "a time sample moves the PTP clock; SYNC sets the clock"
ptp=$(grep -l '^hyperv$' /sys/class/ptp/*/clock_name | head -1)
[ -n "$ptp" ] || fail "no hyperv PTP clock"
ptp=/dev/$(basename "${ptp%/clock_name}")
host $timesync sample 1000
wait_for "[ \"\$(python3 ${0%/*}/ptptool.py $ptp)\" = 1000 ]"
before=$(date +%s)
host $timesync sync 86400
wait_for "[ \$(date +%s) -gt $((before + 86000)) ]"
host $timesync sync -86400
wait_for "[ \$(date +%s) -lt $((before + 3600)) ]"

step "shutdown: a power-off request runs the kernel's command"
printf '#!/bin/sh\necho "$0 $*" >>/tmp/shutdown.log\n' >/tmp/fake-poweroff
chmod +x /tmp/fake-poweroff
old_cmd=$(cat /proc/sys/kernel/poweroff_cmd)
echo /tmp/fake-poweroff >/proc/sys/kernel/poweroff_cmd
host $shutdown request 0
wait_for "grep -q fake-poweroff /tmp/shutdown.log"
echo "$old_cmd" >/proc/sys/kernel/poweroff_cmd
expect_eq "$(host_state $shutdown status)" 0x0 "status"

step "KVP: the guest's identity, set and get through hv_kvp_daemon"
expect_eq "$(ask $kvp enum 2 0)" 0x0 "enumerate index 0"
expect_eq "$(host_text $kvp key)=$(host_text $kvp value)" \
	FullyQualifiedDomainName=hvx-guest.example.test "the first AUTO record"
expect_eq "$(ask $kvp set 0 Grüße →ok€)" 0x0 "set, non-ASCII"
python3 - <<'PY' >/tmp/pool0 || fail "reading the pool file"
with open("/var/lib/hyperv/.kvp_pool_0", "rb") as f:
    data = f.read()
for i in range(0, len(data), 2560):
    print(data[i:i + 512].split(b"\0")[0].decode() + "=" +
          data[i + 512:i + 2560].split(b"\0")[0].decode())
PY
expect_eq "$(cat /tmp/pool0)" "Grüße=→ok€" "the daemon's pool file"
# In-tree answers a GET with an empty value: it never tells its daemon the
# value's size (the daemon copies 0 bytes), and reads the answer at the
# enumeration's offset. Hyper-V reads a guest's values by enumeration, so
# it lives with that; hvx answers the value (utils_kvp).
expect_eq "$(ask $kvp get 0 Grüße)" 0x0 "get"
expect_eq "$(host_text $kvp value)" "" "in-tree's value for a GET"

step "VSS: the host's freeze blocks a write, its thaw lets it through"
intree_add scsi hv_storvsc hv_storvsc
wait_for "ls $BUS/$inst/host*/target*/*:0:0:0/block/ 2>/dev/null | grep -q sd"
dev=/dev/$(ls $BUS/$inst/host*/target*/*:0:0:0/block/)
mkfs.ext4 -q -F $dev
mkdir -p /mnt/v
mount -t ext4 $dev /mnt/v
expect_eq "$(ask $vss freeze)" 0x0 "freeze"
(dd if=/dev/zero of=/mnt/v/f bs=4k count=1 conv=fsync 2>/dev/null && touch /tmp/wrote) &
writer=$!
sleep 2
[ ! -e /tmp/wrote ] || fail "a write went through a frozen file system"
expect_eq "$(ask $vss thaw)" 0x0 "thaw"
wait_for "[ -e /tmp/wrote ]" 10
wait $writer
echo PASS
