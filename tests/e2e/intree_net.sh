# SPDX-License-Identifier: GPL-2.0
# Linux's hv_netvsc on hvx_sim's network adapter: the host's port in a
# namespace, ping both ways, 64 MiB over TCP bit-exact each way, an MTU
# change.
# hvx-e2e-timeout: 400
. "${0%/*}/lib.sh"

intree_host
intree_add net hv_netvsc hv_netvsc
wait_for "ls $BUS/$inst/net/ 2>/dev/null | grep -q ." 30
g=$(ls $BUS/$inst/net/)
wait_for "[ \"\$(host_state $relid netdev)\" != - ]" 30
h=$(host_state "$relid" netdev)
expect_eq "$(ethtool -i "$g" | sed -n 's/^driver: //p')" hv_netvsc "ethtool -i driver"
hostside_up

step "ping both ways"
wait_for "ping -c 1 -W 1 192.0.2.1" 30
ping -c 3 -W 5 192.0.2.1 >/tmp/ping || { cat /tmp/ping; fail "ping the host"; }
$H ping -c 3 -W 5 192.0.2.2 >/tmp/ping || { cat /tmp/ping; fail "ping from the host"; }

step "64 MiB over TCP, bit-exact, each way"
tcp_both_ways 67108864 192.0.2.1 192.0.2.2

step "MTU 9000 both sides, a jumbo ping"
$IP link set "$g" mtu 9000
$H $IP link set "$h" mtu 9000
wait_for "ping -c 1 -W 1 -s 8972 192.0.2.1" 30
echo PASS
