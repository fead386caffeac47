# SPDX-License-Identifier: GPL-2.0
# Linux's own Hyper-V drivers against hvx_sim, through the model of Hyper-V:
# hv_vmbus negotiates 5.3 and takes the offers; every class the sim offers
# binds to its in-tree driver and opens its channel (not video yet: on a
# Generation 1 VM hyperv_fb finds its VRAM through the PCI video device
# Hyper-V emulates, which the test VM lacks); lsvmbus lists them; a
# rescind removes bound devices and hot-adds bring them back. Where in-tree
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

# Hyper-V hot-removes network adapters and integration services (disabled
# in its manager), never a SCSI controller (in-tree's flush on a rescinded
# one would wait for good: lib-reset.sh unbinds it first).
step "a rescind removes the bound network adapter and the heartbeat service"
for class in f8615163-df3e-46c5-913f-f2d2f965ed0e 57164f39-9115-4e78-ab55-382f3bd5422d; do
	gone=$(awk -v c="{$class}" '$2 == c && $4 == "offered" && $7 == 0 { print $1 " " $3 }' \
		$SIM/devices | tr -d '{}')
	[ -n "$gone" ] || fail "no $class device at the host"
	echo "${gone%% *}" >$SIM/rescind
	wait_for "[ ! -e $BUS/${gone#* } ]" 30
	wait_for "! grep -q '^${gone%% *} ' $SIM/devices" 30	# the relid released
done

step "and a hot-add brings each back"
intree_add net hv_netvsc hv_netvsc
intree_add heartbeat hv_utils hv_utils
echo PASS
