# SPDX-License-Identifier: GPL-2.0
# KVP with Debian's hv_kvp_daemon: the first negotiation waits for a daemon;
# the host enumerates the guest's real identity, sets, gets and deletes
# keys (UTF-16 on the wire, UTF-8 in the daemon's pool file), reads an
# adapter's IP configuration; malformed requests are refused; a stopped or
# killed daemon costs one failed request, never the channel.
. "${0%/*}/lib.sh"

# What the daemon reports: a host name with a domain, an address, a DNS server.
hostname hvx-guest
printf '127.0.0.1 localhost\n127.0.1.1 hvx-guest.example.test hvx-guest\n' >/etc/hosts
echo 'hosts: files' >/etc/nsswitch.conf
echo 'nameserver 192.0.2.53' >/etc/resolv.conf
IP=/usr/bin/ip		# iproute2: busybox's ip cannot make a veth pair
$IP link add hvx0 type veth peer name hvx1
$IP addr add 192.0.2.10/24 dev hvx0
$IP link set hvx1 up
$IP link set hvx0 up
mac=$(tr a-f A-F </sys/class/net/hvx0/address)	# the host sends it in upper case
mkdir -p /var/lib

modprobe hvx_sim echo_devices=0
echo kvp >$SIM/add
# The daemon forks scripts for an IP query: seconds under TCG on a busy guest.
modprobe hvx_utils kvp_wait_s=10 daemon_timeout_s=30
wait_for "grep -q '^1 .* open ' $SIM/devices"
K=/sys/kernel/debug/hvx_utils/kvp
[ -c /dev/vmbus/hv_kvp ] || fail "no /dev/vmbus/hv_kvp"

step "no daemon: the first negotiation waits kvp_wait_s, then requests fail at once"
expect_eq "$(host_state 1 version)" 0.0 "version before the wait is over"
expect_eq "$(counter $K waiting_for_daemon)" 1 "waiting"
wait_for "[ \"\$(host_state 1 version)\" = 4.0 ]" 30
# The held NEGOTIATE waited in the ring without the callback spinning on it.
runs=$(callbacks 1)
[ -n "$runs" ] && [ "$runs" -lt 20 ] || fail "the channel callback ran '$runs' times while held"
expect_eq "$(ask 1 enum 2 0)" 0x80004005 "enumerate with no daemon"
expect_eq "$(counter $K daemon)" "no daemon" "relay state"

step "hv_kvp_daemon registers"
hv_kvp_daemon -n &
kvp_pid=$!
wait_for "dmesg | grep -q 'kvp daemon registered'"
wait_for "[ \"\$(counter $K daemon)\" = idle ]"

step "the host enumerates the guest's identity (AUTO pool)"
enum_auto() {
	expect_eq "$(ask 1 enum 2 "$1")" 0x0 "status of index $1"
	expect_eq "$(host_text 1 key)" "$2" "key $1"
	expect_eq "$(host_text 1 value)" "$3" "$2"
}
. /etc/os-release
enum_auto 0 FullyQualifiedDomainName hvx-guest.example.test
enum_auto 1 IntegrationServicesVersion 3.1
enum_auto 2 NetworkAddressIPv4 192.0.2.10
enum_auto 4 OSBuildNumber "$(uname -r)"
enum_auto 5 OSName "$NAME"
enum_auto 6 OSMajorVersion "$VERSION_ID"
enum_auto 8 OSVersion "$(uname -r | cut -d- -f1)"
enum_auto 9 ProcessorArchitecture "$(uname -m)"
expect_eq "$(ask 1 enum 2 10)" 0x80070103 "past the last index (HV_S_CONT)"

step "set, get, delete in the external pool; the daemon's pool file has the UTF-8"
expect_eq "$(ask 1 set 0 HostKey HostValue)" 0x0 "set"
expect_eq "$(ask 1 set 0 Grüße →ok€)" 0x0 "set, non-ASCII"
expect_eq "$(ask 1 set_u32 0 Count 42)" 0x0 "set a REG_U32"
python3 - <<'EOF' >/tmp/pool0 || fail "reading the pool file"
with open("/var/lib/hyperv/.kvp_pool_0", "rb") as f:
    data = f.read()
for i in range(0, len(data), 2560):
    key = data[i:i + 512].split(b"\0")[0].decode()
    value = data[i + 512:i + 2560].split(b"\0")[0].decode()
    print(f"{key}={value}")
EOF
printf 'HostKey=HostValue\nGrüße=→ok€\nCount=42\n' | diff - /tmp/pool0 ||
	fail "pool file (-want +got)"
expect_eq "$(ask 1 get 0 Grüße)" 0x0 "get"
expect_eq "$(host_text 1 value)" "→ok€" "value read back"
expect_eq "$(ask 1 get 0 Count)" 0x0 "get"
expect_eq "$(host_text 1 value)" 42 "REG_U32 read back as a string"
expect_eq "$(ask 1 delete 0 HostKey)" 0x0 "delete"
expect_eq "$(ask 1 get 0 HostKey)" 0x80070103 "get after delete"
expect_eq "$(ask 1 enum 0 0)" 0x0 "enumerate the external pool"
expect_eq "$(host_text 1 key)=$(host_text 1 value)" "Grüße=→ok€" "first record"

step "IP configuration of the adapter with this MAC; an unknown adapter"
expect_eq "$(ask 1 ip_get "$mac")" 0x0 "get IP info"
case "$(host_text 1 ip)" in *192.0.2.10*) ;; *) fail "ip: $(host_text 1 ip)" ;; esac
case "$(host_text 1 subnet)" in *255.255.255.0*) ;; *) fail "subnet: $(host_text 1 subnet)" ;; esac
case "$(host_text 1 dns)" in *192.0.2.53*) ;; *) fail "dns: $(host_text 1 dns)" ;; esac
expect_eq $(($(host_state 1 family) & 1)) 1 "address family has IPv4"
expect_eq "$(ask 1 ip_set '{00000000-0000-0000-0000-000000000000}' 192.0.2.20 \
	255.255.255.0 192.0.2.1 192.0.2.53 0)" 0x80041002 "set IP info, no such adapter"

step "malformed requests are refused without the daemon seeing them"
relayed=$(counter $K relayed)
for f in odd_key long_key bad_pool bad_op short surrogate bad_type; do
	expect_eq "$(ask 1 fault $f)" 0x80004005 "fault $f"
done
expect_eq "$(counter $K malformed)" 7 "malformed"
expect_eq "$(counter $K relayed)" "$relayed" "relayed"
expect_eq "$(ask 1 get 0 Count)" 0x0 "a good request after them"

step "a stopped daemon: the request times out, the next one works"
echo 3 >/sys/module/hvx_utils/parameters/daemon_timeout_s
kill -STOP $kvp_pid
expect_eq "$(ask 1 get 0 Count)" 0x80004005 "while stopped"
wait_for "[ \$(counter $K timeouts) = 1 ]"	# counted after the host's answer
kill -CONT $kvp_pid
echo 30 >/sys/module/hvx_utils/parameters/daemon_timeout_s
expect_eq "$(ask 1 get 0 Count)" 0x0 "after"
expect_eq "$(host_text 1 value)" 42 "value"

step "a daemon killed mid-request: that request fails at once, a new daemon serves"
kill -STOP $kvp_pid
host 1 get 0 Count
wait_for "[ \"\$(counter $K daemon)\" = queued ]"
n=$(host_state 1 answers)
kill -KILL $kvp_pid
wait $kvp_pid || true
wait_for "[ \$(host_state 1 answers) -gt $n ]" 10	# not the 30 s daemon timeout
expect_eq "$(host_state 1 status)" 0x80004005 "the request in flight"
expect_eq "$(counter $K daemon)" "no daemon" "relay state"
hv_kvp_daemon -n &
kvp_pid=$!
wait_for "[ \"\$(counter $K daemon)\" = idle ]"
expect_eq "$(ask 1 get 0 Count)" 0x0 "with the new daemon"

step "one daemon at a time"
python3 -c 'import os
try:
    os.open("/dev/vmbus/hv_kvp", os.O_RDWR)
except OSError as e:
    print(e.errno)' >/tmp/second
expect_eq "$(cat /tmp/second)" 16 "a second open (EBUSY)"

step "rescind: the daemon's device goes away, the daemon exits"
echo 1 >$SIM/rescind
wait $kvp_pid && fail "the daemon exited 0"
[ ! -e /dev/vmbus/hv_kvp ] || fail "/dev/vmbus/hv_kvp is still there"

step "kvp=0: the service stays closed"
rmmod hvx_utils
echo kvp >$SIM/add
modprobe hvx_utils kvp=0
wait_for "dmesg | grep -q 'kvp service disabled (hvx_utils.kvp=0)'"
[ ! -e /dev/vmbus/hv_kvp ] || fail "/dev/vmbus/hv_kvp with kvp=0"
grep -q ' open ' $SIM/devices && fail "the kvp channel was opened"
$IP link del hvx0	# its 192.0.2.0/24 route would mislead later tests
echo PASS
