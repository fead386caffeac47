# SPDX-License-Identifier: GPL-2.0
# VSS with Debian's hv_vss_daemon: the host's freeze freezes a mounted ext4
# (a write blocks) and its thaw thaws it (the write completes); the backup
# check answers "no auto-recovery"; a daemon killed while the file system is
# frozen does not leave it frozen; malformed requests are refused.
. "${0%/*}/lib.sh"

modprobe hvx_sim echo_devices=0
echo vss >$SIM/add
echo scsi >$SIM/add
modprobe hvx_storvsc
modprobe hvx_utils daemon_timeout_s=3
wait_for "grep -q '^1 .* open ' $SIM/devices"
V=/sys/kernel/debug/hvx_utils/vss
wait_for "ls /sys/block | grep -q '^sd'"
dev=/dev/$(ls /sys/block | grep '^sd' | head -1)
mkfs.ext4 -q -F $dev
mkdir -p /mnt/v
mount -t ext4 $dev /mnt/v
wait_for "[ \"\$(host_state 1 version)\" = 5.0 ]"
expect_eq "$(host_state 1 framework)" 3.0 "framework"

# write_blocks: a synced write to the file system is still waiting after 2 s.
start_write() {
	(dd if=/dev/zero of=/mnt/v/f bs=4k count=1 conv=fsync 2>/dev/null && touch /tmp/wrote) &
	writer=$!
}
wrote_within() {
	wait_for "[ -e /tmp/wrote ]" "$1" && wait $writer && rm /tmp/wrote
}

step "no daemon: freeze refused at once"
expect_eq "$(ASK_WAIT=10 ask 1 freeze)" 0x80004005 "freeze"

step "hv_vss_daemon registers"
hv_vss_daemon -n &
vss_pid=$!
wait_for "[ \"\$(counter $V daemon)\" = idle ]"

step "the backup check and the DM info"
expect_eq "$(ask 1 hot_backup)" 0x0 "hot backup check"
expect_eq "$(host_state 1 flags)" 5 "VSS_HBU_NO_AUTO_RECOVERY"
relayed=$(counter $V relayed)
expect_eq "$(ask 1 dm_info)" 0x0 "DM info"
expect_eq "$(host_state 1 flags)" 0 "DM info flags"
expect_eq "$(counter $V relayed)" "$relayed" "DM info answered without the daemon"

step "freeze: a write blocks; thaw: it completes"
expect_eq "$(ask 1 freeze)" 0x0 "freeze"
expect_eq "$(counter $V frozen)" 1 "frozen"
start_write
sleep 2
[ ! -e /tmp/wrote ] || fail "a write went through a frozen file system"
expect_eq "$(ask 1 thaw)" 0x0 "thaw"
wrote_within 10 || fail "the write did not complete after the thaw"
expect_eq "$(counter $V frozen)" 0 "frozen after the thaw"

step "the daemon killed while frozen: the driver thaws"
expect_eq "$(ask 1 freeze)" 0x0 "freeze"
start_write
sleep 1
kill -KILL $vss_pid
wait $vss_pid || true
wrote_within 10 || fail "the file system stayed frozen"
expect_eq "$(counter $V thaws_forced)" 1 "forced thaws"
dmesg | grep -q 'backup: the daemon left with file systems frozen; thawing' ||
	fail "no message for the forced thaw"

step "a stopped daemon: the thaw times out and the driver thaws"
hv_vss_daemon -n &
vss_pid=$!
wait_for "[ \"\$(counter $V daemon)\" = idle ]"
expect_eq "$(ask 1 freeze)" 0x0 "freeze"
kill -STOP $vss_pid
start_write
expect_eq "$(ask 1 thaw)" 0x80004005 "thaw with the daemon stopped"
wrote_within 10 || fail "the file system stayed frozen"
expect_eq "$(counter $V thaws_forced)" 2 "forced thaws"
kill -CONT $vss_pid

step "malformed and unknown requests"
expect_eq "$(ask 1 op 42)" 0x80070032 "operation 42"
expect_eq "$(ask 1 short)" 0x80004005 "a 4-byte request"
expect_eq "$(counter $V malformed)" 2 "malformed"
expect_eq "$(ask 1 hot_backup)" 0x0 "a good request after them"

kill $vss_pid
wait $vss_pid || true
umount /mnt/v
echo PASS
