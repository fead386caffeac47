# SPDX-License-Identifier: GPL-2.0
# hvx-e2e-timeout: 400
# The synthetic SCSI controller against a misbehaving host: lost
# completions end in error handling and the disk keeps working; sense,
# BUSY, oversized lengths and short packets are handled and counted;
# a sub-channel rescinded during fio costs no I/O error and no reset, and
# does not end a reset the host has not answered; a rescind during I/O
# fails the I/O instead of hanging it.
. "${0%/*}/lib.sh"

one_device scsi hvx_storvsc
wait_for "ls /sys/devices/hvx_vmbus/$inst/host*/target*/*/block/ | grep -q sd"
sd=$(ls /sys/devices/hvx_vmbus/$inst/host*/target*/*/block/)
dev=/dev/$sd
echo 3 >/sys/block/$sd/device/timeout
dd if=/dev/urandom of=$dev bs=64k count=16 oflag=direct 2>/dev/null

read_ok() {
	dd if=$dev of=/dev/null bs=4k count=1 skip=${1:-0} iflag=direct 2>/dev/null
}

step "a lost completion: error handling resets the host and the read is retried"
host 1 lose 1
read_ok 7 || fail "the read did not survive a lost completion"
expect_eq "$(counter $STATS resets)" 1 "host resets"
[ "$(counter $STATS canceled)" -ge 1 ] || fail "the lost command was not canceled"
read_ok 8 || fail "the disk after the reset"

step "CHECK CONDITION, MEDIUM ERROR: the read fails, the next one works"
host 1 sense 3 11 0
! read_ok 9 || fail "a medium error read succeeded"
dmesg | grep -q "critical medium error, dev $sd" || fail "sense not seen by the block layer"
read_ok 9 || fail "the disk after a medium error"

step "BUSY: retried"
host 1 busy
read_ok 10 || fail "BUSY was not retried"

step "oversized transfer length and sense length: rejected, counted, retried"
host 1 overlong
read_ok 11 || fail "read after an overlong completion"
host 1 bad_sense
read_ok 12 || fail "read after a bad sense length"
expect_eq "$(counter $STATS bad_lengths)" 2 "bad lengths counted"

step "a completion too short to be one: dropped, then error handling"
host 1 short
read_ok 13 || fail "read after a short completion"
expect_eq "$(counter $STATS bad)" 1 "short packets counted"
expect_eq "$(counter $STATS resets)" 2 "host resets"

step "forged completions (duplicate, stale, unknown ids) are rejected"
for f in duplicate stale unknown; do
	echo "bad_completion $f" >$SIM/fault
	read_ok 14 || fail "read with a $f completion"
done
# Each forged completion follows the real one: the read may end before it is seen.
wait_for "[ \$(counter $STATS rejected) = 3 ]"

# sub_channel: the relid of the controller's sub-channel, once the driver has it open
sub_channel() {
	wait_for "[ \$(counter $STATS channels) = 2 ]"
	awk '$7 == 1 { print $1 }' $SIM/devices
}

step "a sub-channel rescinded during fio with verify: no I/O error, no reset"
sub=$(sub_channel)
resets=$(counter $STATS resets)
before=$(counter $STATS requests)
fio --eta=never --name=verify --filename=$dev --direct=1 --ioengine=libaio --iodepth=16 \
	--rw=randwrite --bs=4k --size=8M --numjobs=2 --offset_increment=16M \
	--verify=crc32c --verify_fatal=1 --do_verify=1 --group_reporting \
	--output=/tmp/fio.out &
job=$!
wait_for "[ \$(counter $STATS requests) -gt $((before + 300)) ]" 60
echo "$sub" >$SIM/rescind
wait_for "[ \$(counter $STATS channels) = 1 ]"
wait $job || { cat /tmp/fio.out; fail "fio failed across the sub-channel rescind"; }
grep -q 'err= 0' /tmp/fio.out || { cat /tmp/fio.out; fail "fio reported errors"; }
expect_eq "$(counter $STATS resets)" "$resets" "host resets"

step "a reset the host has not answered yet outlives a sub-channel rescind"
echo "1 1" >$SIM/subchannels
sub=$(sub_channel)
hresets=$(host_state 1 resets)
host 1 hold_reset
host 1 lose 1
read_ok 15 &
reader=$!
wait_for "[ \"\$(host_state 1 reset_held)\" = 1 ]" 60
echo "$sub" >$SIM/rescind
wait_for "[ \$(counter $STATS channels) = 1 ]"
sleep 2		# a stale "reset done" would let the read be retried now
kill -0 $reader 2>/dev/null || fail "the read ended before the host answered the reset"
expect_eq "$(host_state 1 reset_held)" 1 "the reset still held"
host 1 release_reset
wait $reader || fail "the read after the reset"
expect_eq "$(host_state 1 resets)" $((hresets + 1)) "RESET_BUS requests the host saw"

step "rescind during I/O: the I/O fails, nothing hangs"
dd if=$dev of=/dev/null bs=4k iflag=direct count=1000000 2>/dev/null &
reader=$!
wait_for "[ \$(counter $STATS requests) -gt 300 ]"
echo 1 >$SIM/rescind
! wait $reader || fail "reading a rescinded disk succeeded"
wait_for "[ ! -e $BUS/$inst ]"
wait_for "[ ! -e /sys/block/$sd ]"
