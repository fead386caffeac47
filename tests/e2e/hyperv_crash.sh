# SPDX-License-Identifier: GPL-2.0
# hyperv_kexec.sh's scene, then a crash (sysrq c) into the crash kernel:
# hvx_vmbus's crash handler sends UNLOAD and polls every CPU's message slot
# for the answer, with no interrupts on the crashing CPU, then turns its
# own SynIC off. Its guest boots with crashkernel= (vm.sh's crash group).
# hvx-e2e-timeout: 240
JUMP=crash exec bash "${0%/*}/hyperv_kexec.sh"
