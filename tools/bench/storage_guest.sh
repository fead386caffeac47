# SPDX-License-Identifier: GPL-2.0
# Inside the test guest (tools/bench/storage_bench.sh boots it): the same fio
# jobs on an hvx_storvsc disk served by hvx_sim and on a scsi_debug disk of
# the same size in RAM, one after the other, then the ratios. Then the hvx
# disk again behind a host that monitors nothing (every signal a hypercall):
# what monitored notification costs or gains against the simulated host.
set -e
MB=64
RUNTIME=${BENCH_RUNTIME:-8}

# disk_by_model MODEL: the sdX whose model starts with MODEL
disk_by_model() {
	local b
	for b in /sys/block/sd*; do
		case "$(cat $b/device/model)" in "$1"*) echo "${b##*/}"; return 0 ;; esac
	done
	return 1
}

# hvx_up [hvx_sim args]: a simulated host with one SCSI disk, $hvx its name
hvx_up() {
	local i=0
	modprobe hvx_sim echo_devices=0 "$@"
	echo scsi >/sys/kernel/debug/hvx_sim/add
	modprobe hvx_storvsc
	until hvx=$(disk_by_model "Virtual Disk"); do
		i=$((i + 1)); [ $i -lt 100 ] || { echo "the hvx disk did not appear"; exit 1; }
		sleep 0.2
	done
}

hvx_up
modprobe scsi_debug dev_size_mb=$MB delay=0 max_queue=128 submit_queues=2
i=0
until dbg=$(disk_by_model "scsi_debug"); do
	i=$((i + 1)); [ $i -lt 100 ] || { echo "the scsi_debug disk did not appear"; exit 1; }
	sleep 0.2
done

# run NAME DISK fio-args...: print "NAME DISK value" (IOPS or MB/s)
run() {
	local name=$1 disk=$2
	shift 2
	fio --eta=never --output-format=json --name=$name --filename=/dev/$disk --direct=1 \
		--ioengine=libaio --time_based --runtime=$RUNTIME --size=${MB}M "$@" >/tmp/$name.json
	python3 - "$name" /tmp/$name.json <<'PY'
import json, sys
job = json.load(open(sys.argv[2]))["jobs"]
rd = [j["read"] for j in job]
print(sys.argv[1], round(sum(r["iops"] for r in rd)), round(sum(r["bw_bytes"] for r in rd) / 1e6, 1))
PY
}

echo "BENCH disks: hvx_storvsc /dev/$hvx, scsi_debug /dev/$dbg; ${RUNTIME}s per job"
for d in hvx:$hvx dbg:$dbg; do
	run rand4k_${d%%:*} ${d#*:} --rw=randread --bs=4k --iodepth=32 --numjobs=2 --group_reporting
	run seq1m_${d%%:*} ${d#*:} --rw=read --bs=1M --iodepth=8 --numjobs=1
done | tee /tmp/bench.out | sed 's/^/BENCH /'
# The same host monitoring nothing: every guest signal is a hypercall.
rmmod hvx_storvsc hvx_sim
hvx_up monitor_latency_us=0
run rand4k_hvxhc $hvx --rw=randread --bs=4k --iodepth=32 --numjobs=2 --group_reporting |
	tee -a /tmp/bench.out | sed 's/^/BENCH /'
python3 - <<'PY'
r = {l.split()[0]: (float(l.split()[1]), float(l.split()[2])) for l in open("/tmp/bench.out")}
print("BENCH 4 KiB random read, iodepth 32 x 2 jobs: hvx %d IOPS, scsi_debug %d IOPS, ratio %.2f" %
      (r["rand4k_hvx"][0], r["rand4k_dbg"][0], r["rand4k_hvx"][0] / r["rand4k_dbg"][0]))
print("BENCH 1 MiB sequential read, iodepth 8: hvx %.1f MB/s, scsi_debug %.1f MB/s, ratio %.2f" %
      (r["seq1m_hvx"][1], r["seq1m_dbg"][1], r["seq1m_hvx"][1] / r["seq1m_dbg"][1]))
print("BENCH 4 KiB random read, hvx signalled by monitor page (polled every 100 us) / by hypercall: "
      "%d / %d IOPS, ratio %.2f" %
      (r["rand4k_hvx"][0], r["rand4k_hvxhc"][0], r["rand4k_hvx"][0] / r["rand4k_hvxhc"][0]))
PY
