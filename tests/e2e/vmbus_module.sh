# SPDX-License-Identifier: GPL-2.0
# hvx_vmbus loads by name through modprobe (depmod'ed like an installed
# package), reports the packaged version, unloads cleanly and loads again;
# away from Hyper-V its Hyper-V transport does nothing.
. "${0%/*}/lib.sh"

version=$(cat /hvx/VERSION)

step "modinfo"
expect_eq "$(modinfo -F version hvx_vmbus)" "$version" "modinfo version"
expect_eq "$(modinfo -F license hvx_vmbus)" "GPL" "modinfo license"

step "modprobe hvx_vmbus"
modprobe hvx_vmbus
expect_eq "$(cat /sys/module/hvx_vmbus/version)" "$version" "sysfs version"
dmesg | grep -q "hvx_vmbus: hvx_vmbus $version loaded" || fail "no load banner in dmesg"
grep -q '^hvx_vmbus ' /proc/modules || fail "not in /proc/modules"

step "unload and reload"
rmmod hvx_vmbus
[ ! -e /sys/module/hvx_vmbus ] || fail "still loaded after rmmod"
modprobe hvx_vmbus
rmmod hvx_vmbus

step "not on Hyper-V: the Hyper-V transport stays out of the way"
modprobe hvx_vmbus hyperv_transport=1
expect_eq "$(cat /sys/module/hvx_vmbus/parameters/hyperv_transport)" Y "parameter"
dmesg | grep -q 'hvx_vmbus: .*Hyper-V' && fail "the Hyper-V transport did something"
expect_eq "$(sed -n 's/^version //p' /sys/kernel/debug/hvx_vmbus/stats)" 0.0 "connection"
rmmod hvx_vmbus
echo "PASS"
