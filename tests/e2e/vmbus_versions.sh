# SPDX-License-Identifier: GPL-2.0
# Version negotiation against hosts of every version, the max_version cap,
# and a host too old for hvx. Directly, hvx_sim connects hvx_vmbus as it
# loads; through the Hyper-V model, hvx_vmbus connects when it loads.
. "${0%/*}/lib.sh"

modprobe hvx_sim start_guest=0 echo_devices=0
link=$(sim_link)
banner=sim
[ "$link" = direct ] || banner=Hyper-V
unload_hvx

for v in 5.3 5.2 5.1 5.0 4.1 4.0 3.0 2.4; do
	step "host $v"
	code=$(printf '0x%x' $(( ${v%.*} << 16 | ${v#*.} )))
	modprobe hvx_sim host_version=$code
	expect_eq "$(counter $CORE_STATS version)" $v "guest version"
	expect_eq "$(counter $SIM/stats version)" $v "host version"
	dmesg | tail -5 | grep -q "connected to the $banner host: VMBus $v" || fail "no banner for $v"
	unload_hvx
done

step "a host older than 2.4 is refused"
if [ "$link" = direct ]; then
	! modprobe hvx_sim host_version=0x10001 2>/dev/null || fail "connected to a 1.1 host"
else
	modprobe hvx_sim host_version=0x10001 start_guest=0
	! modprobe hvx_vmbus 2>/dev/null || fail "connected to a 1.1 host"
fi
dmesg | tail -5 | grep -q "no VMBus version agreed: -93" || fail "no refusal message"
expect_eq "$(device_count)" 0 "devices"
unload_hvx

step "max_version caps the offer"
if [ "$link" = direct ]; then
	modprobe hvx_vmbus max_version=0x40000
	modprobe hvx_sim
else
	modprobe hvx_sim start_guest=0
	modprobe hvx_vmbus max_version=0x40000
fi
expect_eq "$(counter $CORE_STATS version)" 4.0 "capped version"
echo PASS
