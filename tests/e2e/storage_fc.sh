# SPDX-License-Identifier: GPL-2.0
# A virtual Fibre Channel adapter: its world wide names show in the FC
# transport class, the host's side is one remote port (an FCP target, the
# disk behind it), its disk works.
. "${0%/*}/lib.sh"

one_device fc hvx_storvsc
disk() { find /sys/devices/hvx_vmbus/$inst -path '*/block/sd*' -maxdepth 6 | head -1; }
wait_for "[ -n \"\$(disk)\" ]"
sd=$(basename "$(disk)")
fc=$(ls -d /sys/devices/hvx_vmbus/$inst/host*/fc_host/host*)
rport=$(ls -d /sys/devices/hvx_vmbus/$inst/host*/rport-*)

step "the adapter's WWNs, as the host gave them"
expect_eq "$(cat $fc/port_name)" 0xc003ff0000ffff00 "port name"
expect_eq "$(cat $fc/node_name)" 0xc003ff0000ffff01 "node name"
expect_eq "$(counter $STATS max_transfer)" 524288 "max transfer (FC: 512 KiB)"
expect_eq "$(cat $rport/fc_remote_ports/*/roles)" "FCP Target" "the host's remote port"
case "$(realpath /sys/block/$sd)" in */rport-*/target*) ;; *) fail "$sd is not behind the remote port" ;; esac

step "the host fails over to its secondary port: the names follow"
host 1 failover
wait_for "[ \"\$(cat $fc/port_name)\" = 0xc003ff0000ffff02 ]"
expect_eq "$(cat $fc/node_name)" 0xc003ff0000ffff03 "node name after failover"

step "its disk: write and read back"
disk_roundtrip /dev/$sd
