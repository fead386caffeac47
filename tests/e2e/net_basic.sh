# SPDX-License-Identifier: GPL-2.0
# hvx-e2e-timeout: 400
# The synthetic network adapter: an Ethernet interface with the MAC the host
# offers, talking IP to the host-side interface (in its own namespace):
# ping both ways at MTU 1500 and 9000, 64 MiB over TCP bit-exact both ways;
# the host's link flaps reach the carrier; malformed host packets and a
# completion the host never sends are counted and survived; a rescind
# during traffic is survived.
. "${0%/*}/lib.sh"

net_pair

step "the interface: the host's MAC, its driver, the host's NVSP version"
expect_eq "$(cat /sys/class/net/$g/address)" 00:15:5d:00:00:01 "MAC"
expect_eq "$(basename "$(realpath /sys/class/net/$g/device/driver)")" hv_netvsc "driver (in-tree's name)"
expect_eq "$(ethtool -i "$g" | sed -n 's/^driver: //p')" hv_netvsc "ethtool -i driver"
expect_eq "$(counter $N nvsp)" 0x60001 "NVSP version"
expect_eq "$(cat /sys/class/net/$g/carrier)" 1 "carrier"
expect_eq "$(host_state 1 filter)" 0xb "packet filter: directed, multicast, broadcast"

step "ping both ways, MTU 1500"
ping -c 3 -W 5 192.0.2.1 >/tmp/ping || { cat /tmp/ping; fail "ping the host"; }
$H ping -c 3 -W 5 192.0.2.2 >/tmp/ping || { cat /tmp/ping; fail "ping from the host"; }

step "MTU 9000: jumbo frames both ways (sent from the skb's own pages)"
$IP link set "$g" mtu 9000
$H $IP link set "$h" mtu 9000
ping -c 3 -W 5 -s 8972 192.0.2.1 >/tmp/ping || { cat /tmp/ping; fail "jumbo ping"; }
$H ping -c 3 -W 5 -s 8972 192.0.2.2 >/tmp/ping || { cat /tmp/ping; fail "jumbo ping back"; }
! $IP link set "$g" mtu 9001 2>/dev/null || fail "MTU past the host's largest frame"

step "64 MiB over TCP, each way, bit-exact"
tcp_both_ways 67108864 192.0.2.1 192.0.2.2
$IP link set "$g" mtu 1500
$H $IP link set "$h" mtu 1500

step "the host's link goes down and up: the carrier follows"
host 1 link down
wait_for "[ \$(cat /sys/class/net/$g/carrier) = 0 ]"
host 1 link up
wait_for "[ \$(cat /sys/class/net/$g/carrier) = 1 ]"
ping -c 1 -W 5 192.0.2.1 >/dev/null || fail "ping after the flap"

step "malformed host packets are counted and survived"
for f in bad_range bad_rndis_len bad_ppi bad_data; do
	before=$(( $(counter $N bad_packets) + $(counter $N bad_rndis) ))
	host 1 "$f"
	wait_for "[ \$(( \$(counter $N bad_packets) + \$(counter $N bad_rndis) )) -gt $before ]"
	ping -c 1 -W 5 192.0.2.1 >/dev/null || fail "ping after $f"
done
host 1 drop_completion	# a send section the host never gives back
ping -c 3 -W 5 192.0.2.1 >/dev/null || fail "ping after a dropped completion"
expect_eq "$(counter $N bad_completions)" 0 "completions rejected"

step "rescind during traffic"
ping -i 0.01 -c 100000 192.0.2.1 >/dev/null 2>&1 &
pinger=$!
sleep 1
echo 1 >$SIM/rescind
wait_for "[ ! -e /sys/class/net/$g ]"
kill $pinger 2>/dev/null || true
wait $pinger 2>/dev/null || true
$IP netns del hostside
echo PASS
