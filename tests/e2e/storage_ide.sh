# SPDX-License-Identifier: GPL-2.0
# An emulated IDE controller: one channel, one queue, its one disk added
# directly (no scan), data written and read back.
. "${0%/*}/lib.sh"

one_device ide hvx_storvsc
wait_for "ls /sys/devices/hvx_vmbus/$inst/host*/target*/*/block/ | grep -q sd"
sd=$(ls /sys/devices/hvx_vmbus/$inst/host*/target*/*/block/)

step "one disk, one channel, one hardware queue"
expect_eq "$(ls /sys/devices/hvx_vmbus/$inst/host*/target*/ | grep -c ':0:0:0$')" 1 "disks"
expect_eq "$(counter $STATS channels)" 1 "channels"
expect_eq "$(ls /sys/block/$sd/mq | wc -l)" 1 "hardware queues"
expect_eq "$(grep -c . $SIM/devices)" 1 "no sub-channels offered"
expect_eq "$(cat /sys/block/$sd/device/model)" "Virtual Disk    " "model"

step "write and read back"
disk_roundtrip /dev/$sd
