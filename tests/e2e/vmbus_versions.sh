# SPDX-License-Identifier: GPL-2.0
# Version negotiation against hosts of every version, the max_version cap,
# and a host too old for hvx.
. "${0%/*}/lib.sh"

for v in 5.3 5.2 5.1 5.0 4.1 4.0 3.0 2.4; do
	step "host $v"
	code=$(printf '0x%x' $(( ${v%.*} << 16 | ${v#*.} )))
	modprobe hvx_sim host_version=$code
	expect_eq "$(counter $CORE_STATS version)" $v "guest version"
	expect_eq "$(counter $SIM/stats version)" $v "host version"
	dmesg | tail -5 | grep -q "connected to the sim host: VMBus $v" || fail "no banner for $v"
	rmmod hvx_sim
done

step "a host older than 2.4 is refused"
! modprobe hvx_sim host_version=0x10001 2>/dev/null || fail "connected to a 1.1 host"
dmesg | tail -5 | grep -q "no VMBus version agreed: -93" || fail "no refusal message"
expect_eq "$(device_count)" 0 "devices"

step "max_version caps the offer"
rmmod hvx_vmbus
modprobe hvx_vmbus max_version=0x40000
modprobe hvx_sim
expect_eq "$(counter $CORE_STATS version)" 4.0 "capped version"
echo PASS
