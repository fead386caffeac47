# SPDX-License-Identifier: GPL-2.0
# kexec on Hyper-V (the test kernel's model): with a disk mounted and a
# netdev up through hvx, the guest jumps to a new kernel. Before the jump
# hvx_vmbus sends UNLOAD and waits for the host's answer, then turns the
# SynIC off on every CPU, so that the host writes nothing into memory the
# next kernel owns. This script sets the scene and loads the next kernel;
# /init jumps after it (arm_jump), and check.sh finds the exchange on the
# console between the two kernels (judge_jump). hyperv_crash.sh runs it
# with the crash kernel (JUMP=crash).
# hvx-e2e-timeout: 240
. "${0%/*}/lib.sh"

grep -qw hv_model /proc/cmdline || skip "the guest was not booted with hv_model"
how=${JUMP:-kexec}

step "a netdev up and a disk mounted, through Hyper-V"
net_pair
expect_eq "$(sim_link)" hyperv "the host's link"
ping -c 2 -W 5 192.0.2.1 >/dev/null || fail "ping the host"
echo scsi >$SIM/add
modprobe hvx_storvsc
wait_for "grep -q '^2 .* open ' $SIM/devices" 30
disk() { ls -d $BUS/*/host*/target*/*/block/sd* 2>/dev/null | head -1; }
wait_for '[ -n "$(disk)" ]' 30
sd=$(basename "$(disk)")
mkfs.ext4 -q -F /dev/$sd
mkdir -p /mnt/d
mount /dev/$sd /mnt/d
head -c 1048576 /dev/urandom >/mnt/d/before
sync
expect_eq "$(counter $CORE_STATS version)" 5.3 "negotiated version"

step "the $how kernel loaded; /init jumps once this test has passed"
arm_jump "$how"
