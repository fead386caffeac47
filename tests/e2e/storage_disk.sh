# SPDX-License-Identifier: GPL-2.0
# The synthetic SCSI controller: its LUNs are disks with Hyper-V's identity;
# a file system lives on them; fio verifies random I/O over every queue;
# discard reaches the host; LUNs come and go while another is busy.
. "${0%/*}/lib.sh"

one_device scsi hvx_storvsc

# disk_of LUN: the sdX of that LUN of our controller, once it is there
disk_of() {
	local b
	for b in /sys/block/sd*; do
		case "$(realpath $b/device)" in
		*/$inst/host*/target*:0:0/*:0:0:$1) echo "${b##*/}"; return 0 ;;
		esac
	done
	return 1
}
wait_for "disk_of 0"
sd=$(disk_of 0)
dev=/dev/$sd

step "the disk is a Hyper-V virtual disk"
expect_eq "$(cat /sys/block/$sd/device/vendor)" "Msft    " "vendor"
expect_eq "$(cat /sys/block/$sd/device/model)" "Virtual Disk    " "model"
expect_eq "$(cat /sys/block/$sd/size)" 131072 "512-byte sectors (64 MiB)"
expect_eq "$(basename "$(readlink $BUS/$inst/driver)")" hv_storvsc "driver (in-tree's name)"
expect_eq "$(cat $BUS/$inst/host*/scsi_host/host*/proc_name)" storvsc_host "SCSI host proc_name"
sg_inq $dev >/tmp/inq
grep -q 'Vendor identification: Msft' /tmp/inq || { cat /tmp/inq; fail "sg_inq vendor"; }
grep -q 'Product identification: Virtual Disk' /tmp/inq || fail "sg_inq product"
sg_inq -p 0x80 $dev | grep -q 'HVXSIM00' || fail "unit serial number page"
lsscsi | grep -Eq "disk[[:space:]]+Msft[[:space:]]+Virtual Disk[[:space:]]+1.0" ||
	{ lsscsi; fail "lsscsi"; }
[ "$(cat /sys/block/$sd/queue/discard_max_bytes)" -gt 0 ] || fail "no discard"
expect_eq "$(host_state 1 version)" 0x602 "VSTOR version (Windows 10)"
# The sub-channel is offered, then opened from the device work, after the probe.
wait_for "[ \$(counter $STATS channels) = 2 ]"	# primary + one sub-channel for 2 CPUs

step "mkfs.ext4, fill, unmount, fsck clean, read back"
fs_round_trip $dev
want=$(md5sum </tmp/blob)	# the data it wrote, for the new LUN below

step "fio: random read/write, crc32c verified, two jobs on two queues"
before=$(counter $STATS requests)
fio --eta=never --name=verify --filename=$dev --direct=1 --ioengine=libaio --iodepth=8 \
	--rw=randwrite --bs=4k --bsrange=4k-128k --size=16M --numjobs=2 --offset_increment=24M \
	--verify=crc32c --verify_fatal=1 --do_verify=1 --group_reporting \
	--output=/tmp/fio.out || { cat /tmp/fio.out; fail "fio failed"; }
grep -q 'err= 0' /tmp/fio.out || { cat /tmp/fio.out; fail "fio reported errors"; }
[ $(($(counter $STATS requests) - before)) -gt 500 ] || fail "fio did little I/O"
expect_eq "$(counter $STATS bad)" 0 "bad host packets"
expect_eq "$(counter $STATS rejected)" 0 "rejected completions"

step "discard reaches the host"
before=$(host_state 1 unmapped)
blkdiscard -o 1048576 -l 1048576 $dev
expect_eq "$(($(host_state 1 unmapped) - before))" 2048 "blocks unmapped by the host"

step "LUN hot-add and hot-remove while LUN 0 is busy"
fio --eta=never --name=busy --filename=$dev --direct=1 --rw=randread --bs=4k --size=32M \
	--time_based --runtime=8 --output=/tmp/busy.out &
busy=$!
host 1 lun_add 1 16
wait_for "disk_of 1" 20
sd1=$(disk_of 1)
expect_eq "$(cat /sys/block/$sd1/size)" 32768 "new LUN's sectors (16 MiB)"
dd if=/tmp/blob of=/dev/$sd1 bs=1M count=8 oflag=direct 2>/dev/null
expect_eq "$(dd if=/dev/$sd1 bs=1M count=8 iflag=direct 2>/dev/null | md5sum)" "$want" \
	"new LUN read back"
host 1 lun_remove 1
wait_for "[ ! -e /sys/block/$sd1 ]" 20
wait $busy || { cat /tmp/busy.out; fail "I/O on LUN 0 failed during hot-plug"; }
dd if=$dev of=/dev/null bs=64k count=16 iflag=direct 2>/dev/null || fail "LUN 0 after hot-plug"
