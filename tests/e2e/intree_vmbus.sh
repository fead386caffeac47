# SPDX-License-Identifier: GPL-2.0
# Linux's own Hyper-V drivers against hvx_sim, through the model of Hyper-V:
# hv_vmbus negotiates 5.3 and takes the offers; every class the sim offers
# binds to its in-tree driver and opens its channel (not video yet: on a
# Generation 1 VM hyperv_fb finds its VRAM through the PCI video device
# Hyper-V emulates, which the test VM lacks); lsvmbus lists them; a
# rescind removes a bound device and a hot-add brings one. Where in-tree
# and the sim disagree, the sim is not Hyper-V. (hv_vmbus stays loaded for
# the rest of the group: see lib-reset.sh.)
# hvx-e2e-timeout: 300
. "${0%/*}/lib.sh"

step "hv_vmbus connects to hvx_sim through SynIC and hypercalls"
intree_host
expect_eq "$(counter $SIM/stats version)" 5.3 "the host's negotiated version"
dmesg | grep -q 'hv_vmbus: Vmbus version:5.3' || fail "hv_vmbus did not say 5.3"
expect_eq "$(ls $BUS | wc -l)" 0 "devices before any offer"

step "every class binds to its in-tree driver"
while read -r backend module driver; do
	intree_add "$backend" "$module" "$driver"
	echo "$backend: relid $relid, $inst, $driver"
done <<'LIST'
scsi hv_storvsc hv_storvsc
net hv_netvsc hv_netvsc
kbd hyperv_keyboard hyperv_keyboard
mouse hid_hyperv hid_hyperv
heartbeat hv_utils hv_utils
shutdown hv_utils hv_utils
timesync hv_utils hv_utils
LIST

step "lsvmbus lists them as Linux names them"
lsvmbus >/tmp/lsvmbus.out
cat /tmp/lsvmbus.out
for name in "Synthetic SCSI Controller" "Synthetic network adapter" "Synthetic keyboard" \
	    "Synthetic mouse" "Heartbeat" \
	    "Operating system shutdown" "Time Synchronization"; do
	grep -q "$name" /tmp/lsvmbus.out || fail "lsvmbus does not list '$name'"
done

step "a rescind removes the bound storage controller"
scsi=$(awk '$2 == "{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}" && $4 == "offered" && $7 == 0 {
	print $1 " " $3 }' $SIM/devices | tr -d '{}')
[ -n "$scsi" ] || fail "no storage device at the host"
echo "${scsi%% *}" >$SIM/rescind
wait_for "[ ! -e $BUS/${scsi#* } ]" 30
wait_for "! grep -q '^${scsi%% *} ' $SIM/devices" 30	# the relid released

step "and a hot-add brings one back"
intree_add scsi hv_storvsc hv_storvsc
echo PASS
