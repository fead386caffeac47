# SPDX-License-Identifier: GPL-2.0
# Linux's hv_storvsc on hvx_sim's SCSI controller: the disk's identity, a
# file system made, filled, checked and read back, fio verifying random
# writes on two jobs, and discard reaching the host.
# hvx-e2e-timeout: 400
. "${0%/*}/lib.sh"

intree_host
intree_add scsi hv_storvsc hv_storvsc
disk() { ls -d $BUS/$inst/host*/target*/*:0:0:0/block/sd* 2>/dev/null | head -1; }
wait_for '[ -n "$(disk)" ]' 30
sd=$(basename "$(disk)")
dev=/dev/$sd

step "the disk: $dev"
expect_eq "$(cat /sys/block/$sd/device/vendor)" "Msft    " "vendor"
expect_eq "$(cat /sys/block/$sd/device/model)" "Virtual Disk    " "model"
expect_eq "$(cat /sys/block/$sd/size)" 131072 "512-byte sectors (64 MiB)"

step "mkfs.ext4, fill, unmount, fsck clean, read back"
fs_round_trip $dev

step "fio: random writes, crc32c verified, two jobs"
fio --eta=never --name=verify --filename=$dev --direct=1 --ioengine=libaio --iodepth=8 \
	--rw=randwrite --bs=4k --bsrange=4k-128k --size=16M --numjobs=2 --offset_increment=24M \
	--verify=crc32c --verify_fatal=1 --do_verify=1 --group_reporting \
	--output=/tmp/fio.out || { cat /tmp/fio.out; fail "fio failed"; }
grep -q 'err= 0' /tmp/fio.out || { cat /tmp/fio.out; fail "fio reported errors"; }

step "discard reaches the host"
before=$(host_state "$relid" unmapped)
blkdiscard -o 1048576 -l 1048576 $dev
expect_eq "$(($(host_state "$relid" unmapped) - before))" 2048 "blocks unmapped by the host"
echo PASS
