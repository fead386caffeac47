# SPDX-License-Identifier: GPL-2.0
# What `make demo` shows inside the guest: the suite as far as it goes today.
dmesg -n 1
echo "### hvx demo guest: $(uname -sr), $(nproc) vCPUs"
echo
echo "### modprobe hvx_vmbus"
modprobe hvx_vmbus
grep '^hvx' /proc/modules
dmesg | grep 'hvx_vmbus:' | tail -1
echo
echo "### modinfo hvx_vmbus"
modinfo hvx_vmbus | grep -E '^(filename|version|description|license|vermagic):'
echo
echo "### the KUnit suites of the core (ring, messages, GPADL, request ids, versions)"
for m in $(cat /hvx/kunit/modules); do modprobe "$m"; done
for suite in /sys/kernel/debug/kunit/*/; do
	grep -E '^    (ok|not ok) ' "$suite/results" | sed 's/^    //'
done
for m in $(cat /hvx/kunit/modules); do rmmod "$m"; done
rmmod hvx_vmbus
