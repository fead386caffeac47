#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot the hvx test guest under QEMU (TCG, 2 vCPUs) with the suite's modules.
#
#   vm.sh                     interactive shell (Ctrl-A X quits QEMU)
#   vm.sh --run script.sh     run a script in the guest, exit with its status
#   vm.sh --check             KUnit modules + tests/e2e/*.sh (used by check.sh),
#                             one guest boot per group (see e2e_groups)
#
# Options: --out DIR (artifacts: console.log, results.txt; with --check one
# subdirectory per group; default a fresh dir under $HVX_CACHE/runs),
# --timeout SECONDS (default 900; with --check each group's guest gets the
# sum of its tests' own bounds plus its boot instead).
# Environment: VM_TOOLS="prog ..." packs more host programs, with their
# shared libraries, into the guest; HVX_VM_APPEND="..." adds kernel
# parameters (hv_model: boot on the test kernel's model of Hyper-V);
# HVX_VM_GROUPS="NAME ..." boots only those groups of --check.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=shell run= out= timeout=${HVX_VM_TIMEOUT:-900}
while [ $# -gt 0 ]; do
	case "$1" in
	--run) mode=run run=$(realpath "$2"); shift ;;
	--check) mode=check ;;
	--out) out=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	*) hvx_die "unknown option $1" ;;
	esac
	shift
done
[ -n "$out" ] || out=$(mktemp -d "$HVX_CACHE/runs.XXXXXX" 2>/dev/null ||
	{ mkdir -p "$HVX_CACHE" && mktemp -d "$HVX_CACHE/runs.XXXXXX"; })
mkdir -p "$out"
out=$(realpath "$out")

"$HVX_TOP/tools/testbed/deps.sh"
kdir=$("$HVX_TOP/tools/testbed/kernel.sh")
kver=$(cat "$kdir/include/config/kernel.release")

# Build the modules against the test kernel, in a copy of the tree.
build=$out/build
rm -rf "$build" && mkdir -p "$build"
tar -C "$HVX_TOP" --exclude=.git -cf - . | tar -C "$build" -xf -
make -C "$kdir" M="$build" -j"$HVX_JOBS" modules >"$out/modules.log" 2>&1 ||
	{ cat "$out/modules.log" >&2; hvx_die "module build failed"; }

# Pack the initramfs: busybox, /init, modules, tests, extra tools.
root=$out/root
rm -rf "$root" && mkdir -p "$root"/{bin,hvx/kunit,hvx/e2e,lib/modules/"$kver"/extra}
cp /bin/busybox "$root/bin/busybox"
install -m 755 "$HVX_TOP/tests/qemu/init.sh" "$root/init"
# Every module goes where modprobe finds it (KUnit suites need their
# dependencies loaded); the suites are also listed for /init to run.
find "$build" -name '*.ko' -exec cp {} "$root/lib/modules/$kver/extra/" \;
# The test kernel's own modules the tests and benchmarks load (baselines).
mkdir -p "$root/lib/modules/$kver/kernel"
pack_kmod() {
	local ko dep
	ko=$(find "$kdir" -name "$1.ko" -o -name "${1//-/_}.ko" | head -1)
	[ -n "$ko" ] || hvx_die "test kernel module $1 not built"
	[ -e "$root/lib/modules/$kver/kernel/${ko##*/}" ] && return
	cp "$ko" "$root/lib/modules/$kver/kernel/"
	for dep in $(modinfo -F depends "$ko" | tr , ' '); do
		pack_kmod "$dep"
	done
}
pack_kmod scsi_debug
# The in-tree Hyper-V drivers: the second guest of hvx_sim (tests/e2e/intree_*).
for m in hv_vmbus hv_storvsc hv_netvsc hyperv-keyboard hid-hyperv hyperv_fb hv_utils; do
	pack_kmod "$m"
done
find "$build/tests/kunit" -name '*.ko' -printf '%f\n' 2>/dev/null | sed 's/\.ko$//' |
	sort >"$root/hvx/kunit/modules"
cp "$HVX_TOP"/tests/e2e/*.sh "$HVX_TOP"/tests/e2e/*.py "$root/hvx/e2e/" 2>/dev/null || true
cp "$HVX_TOP/VERSION" "$root/hvx/VERSION"
# The next kernel of the kexec and crash tests: this one again.
mkdir -p "$root/hvx/kexec"
cp "$kdir/arch/x86/boot/bzImage" "$root/hvx/kexec/bzImage"

# --check boots once per group, so that a guest that dies or hangs costs
# its own group only. A group is a name and name prefixes of the tests it
# runs ("kunit" for the KUnit modules); a test no prefix names goes to the
# last group. Keep each group's run a few minutes long.
e2e_groups=(
	"core kunit vmbus_"
	"net net_basic net_offload"
	"net_queues net_queues"
	"devices storage_ input_ video"
	"services utils_"
)
# The VM's MMIO window (see the VMBus ACPI device below), and what a guest
# on the test kernel's model of Hyper-V boots with.
vram_base=0x100000000
on_model="hv_model hvx_sim.vram_base=$vram_base"
# Guests booted on the test kernel's model of Hyper-V (hv_model):
# hvx_vmbus connects through SynIC and hypercalls, as on Hyper-V, and
# hvx_sim is reached behind the model. "NAME [kernel parameters] : runs";
# the hyperv group runs tests the other groups run too; hyperv_* tests run
# only here. A test that jumps to another kernel (kexec, crash) ends its
# guest, so it has one to itself. The intree group runs Linux's own Hyper-V
# drivers against hvx_sim instead of hvx (intree_* tests).
model_groups=(
	"hyperv : hyperv_model vmbus_echo vmbus_versions vmbus_subchannels vmbus_hotplug
	 storage_disk net_basic video"
	"hyperv_more : vmbus_devices input_kbd utils_services"
	"kexec : hyperv_kexec"
	"crash crashkernel=192M : hyperv_crash"
	"parity : intree_parity"
	"intree : intree_vmbus intree_storage intree_net intree_input intree_services"
)
# Booted by make check FULL=1 (or when HVX_VM_GROUPS names them) only, to
# keep make check within its time budget: more of hvx's tests through the
# model (what they add there, messages through SynIC, the others prove),
# and the drop-in comparison of hvx and in-tree under udev's rules.
optional_groups=" hyperv_more parity "
group_wanted() {
	if [ -n "${HVX_VM_GROUPS:-}" ]; then
		[[ " $HVX_VM_GROUPS " == *" $1 "* ]]
	else
		[ "${HVX_FULL:-}" = 1 ] || [[ $optional_groups != *" $1 "* ]]
	fi
}
# A run's own bound: a test's "# hvx-e2e-timeout: S" line, else 300 s, as
# for the KUnit modules.
bound_of() {
	local s=
	[ "$1" = kunit ] ||
		s=$(sed -n 's/^# hvx-e2e-timeout: *\([0-9][0-9]*\).*/\1/p' "$HVX_TOP/tests/e2e/$1.sh")
	echo "${s:-300}"
}
# Writes $root/hvx/groups/NAME, the runs of each group with their bounds
# ("NAME SECONDS" lines, read by init.sh); prints "NAME SECONDS LONGEST
# [PARAMETERS]" for each group: what its runs may take in all (40 s each to
# clean up), the longest bound of one, and the kernel parameters it boots
# with beyond the common ones.
plan_groups() {
	local g run p words placed budget longest head runs=(kunit) params=()
	mkdir -p "$root/hvx/groups"
	for p in "$HVX_TOP"/tests/e2e/*.sh; do
		p=$(basename "$p" .sh)
		[[ $p == lib* || $p == hyperv_* || $p == intree_* ]] || runs+=("$p")
	done
	for g in "${e2e_groups[@]}"; do
		: >"$root/hvx/groups/${g%% *}"
	done
	for run in "${runs[@]}"; do
		placed=${e2e_groups[-1]%% *}
		for g in "${e2e_groups[@]}"; do
			read -r -a words <<<"$g"
			for p in "${words[@]:1}"; do
				[[ $run == "$p"* ]] && { placed=${words[0]}; break 2; }
			done
		done
		echo "$run $(bound_of "$run")" >>"$root/hvx/groups/$placed"
	done
	for g in "${e2e_groups[@]}"; do
		params+=("${g%% *}")
	done
	for g in "${model_groups[@]}"; do
		head=${g%% : *}
		read -r -a words <<<"$head"
		: >"$root/hvx/groups/${words[0]}"
		for run in ${g#* : }; do
			echo "$run $(bound_of "$run")" >>"$root/hvx/groups/${words[0]}"
		done
		params+=("${words[0]} $on_model ${words[*]:1}")
	done
	for g in "${params[@]}"; do
		group_wanted "${g%% *}" || continue
		budget=0 longest=0
		while read -r run p; do
			budget=$((budget + p + 40))
			[ "$p" -le $longest ] || longest=$p
		done <"$root/hvx/groups/${g%% *}"
		echo "${g%% *} $budget $longest ${g#* }"
	done
}
[ "$mode" = check ] && plan_groups >"$out/groups"
[ -n "$run" ] && install -m 755 "$run" "$root/hvx/run.sh"
(cd "$root/lib/modules/$kver" && touch modules.order modules.builtin modules.builtin.modinfo)
depmod -b "$root" "$kver"

pack_program() {
	local path lib
	path=$(command -v "$1") || hvx_die "VM_TOOLS: $1 not found on the host"
	path=$(realpath "$path")
	mkdir -p "$root$(dirname "$path")" "$root/usr/bin"
	cp "$path" "$root$path"
	[ -e "$root/usr/bin/$(basename "$1")" ] ||
		ln -s "$path" "$root/usr/bin/$(basename "$1")"
	for lib in $(ldd "$path" 2>/dev/null | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
# Python and Linux's own tools/hv/lsvmbus, to check the sysfs ABI with it.
pack_python() {
	local lib=/usr/lib/python3.11
	pack_program /usr/bin/python3.11
	ln -sf python3.11 "$root/usr/bin/python3"
	mkdir -p "$root$lib"
	tar -C "$lib" --exclude=test --exclude=tkinter --exclude=idlelib \
		--exclude=ensurepip --exclude=lib2to3 --exclude=pydoc_data \
		--exclude=distutils --exclude='config-3.11*' --exclude=__pycache__ \
		--exclude=dist-packages --exclude=site-packages --exclude=unittest \
		--exclude=asyncio --exclude=email --exclude=xml --exclude=multiprocessing \
		--exclude=sqlite3 --exclude=venv -cf - . | tar -C "$root$lib" -xf -
	mkdir -p "$root/usr/sbin"
	install -m 755 "$(hvx_src_tree)/tools/hv/lsvmbus" "$root/usr/sbin/lsvmbus"
}
pack_python
# What the e2e tests run besides busybox (tools/testbed/deps.sh installs them).
E2E_TOOLS="mkfs.ext4 e2fsck fio sg_inq lsscsi blkdiscard ip ethtool fbset"
# Debian's hyperv-daemons, unchanged, with the scripts hv_kvp_daemon runs
# and the os-release it reports.
E2E_TOOLS+=" hv_kvp_daemon hv_vss_daemon hv_fcopy_daemon bash"
for prog in $E2E_TOOLS ${VM_TOOLS:-}; do
	pack_program "$prog"
done
ln -sf "$(realpath /bin/bash)" "$root/bin/bash"	# the scripts' #!/bin/bash
# Debian's udev, for the drop-in comparison (tests/e2e/intree_parity.sh):
# its rules, scsi_id and the default .link (no hwdb), but not 80-drivers.rules:
# the tests load each driver set themselves (modalias autoload would load
# hvx's and in-tree's drivers for one device).
pack_udev() {
	local lib
	pack_program udevadm
	mkdir -p "$root/usr/lib/systemd/network" "$root/usr/lib/udev/rules.d" "$root/lib/udev" \
		"$root/etc/udev"
	ln -sf /usr/bin/udevadm "$root/usr/lib/systemd/systemd-udevd"
	cp /usr/lib/udev/rules.d/*.rules "$root/usr/lib/udev/rules.d/"
	rm "$root/usr/lib/udev/rules.d/80-drivers.rules"
	cp /usr/lib/systemd/network/99-default.link "$root/usr/lib/systemd/network/"
	cp /etc/udev/udev.conf "$root/etc/udev/"
	cp /usr/lib/udev/scsi_id "$root/lib/udev/"
	for lib in $(ldd /usr/lib/udev/scsi_id | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
pack_udev
mkdir -p "$root/usr/libexec" "$root/etc"
cp -a /usr/libexec/hypervkvpd "$root/usr/libexec/"
cp -L /etc/os-release "$root/etc/os-release"
(cd "$root" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$out/initramfs.cpio.gz"

append="console=ttyS0 hvx.mode=$mode panic=-1 oops=panic panic_on_warn=1"
append+=" softlockup_panic=1 printk.devkmsg=on loglevel=7"
# hvx_fb starts in this mode, not the host's default (tests/e2e/video.sh)
append+=" video=hyperv_fb:800x600"
# The VM's MMIO window, as a Hyper-V VM has one: 16 MiB of memory where the
# guest kernel keeps no RAM (a pc-dimm, which this kernel does not online:
# no memory hotplug), named by the _CRS of the VMBus ACPI device. A guest on
# the model of Hyper-V finds it there, as on Hyper-V, and places its VRAM in
# it; hvx_sim, the host, is told where it is. Directly, the host offers an
# ivshmem BAR instead (sim/vram.c).
cat >"$out/vmbus.asl" <<EOF_ASL
DefinitionBlock ("vmbus.aml", "SSDT", 2, "HVX", "VMBUS", 1)
{
    Scope (\\_SB)
    {
        Device (VMBS)
        {
            Name (_HID, "VMBus")
            Name (_UID, Zero)
            Name (_CRS, ResourceTemplate ()
            {
                QWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed,
                    Cacheable, ReadWrite, 0x0, $vram_base,
                    $(printf '0x%x' $((vram_base + 0xffffff))), 0x0, 0x1000000)
            })
        }
    }
}
EOF_ASL
# Hyper-V spells the HID "VMBus"; iasl wants 7 or 8 characters (6033).
iasl -vw 6033 -p "$out/vmbus" "$out/vmbus.asl" >"$out/iasl.log" 2>&1 ||
	{ cat "$out/iasl.log" >&2; hvx_die "cannot compile the VMBus ACPI device"; }
# More, for a hand run: HVX_VM_APPEND=hv_model boots on the model of Hyper-V.
[[ " ${HVX_VM_APPEND:-} " == *" hv_model "* ]] && append+=" $on_model"
append+=" ${HVX_VM_APPEND:-}"
# make check FULL=1: the optional groups, and the tests' full volumes (lib.sh's full_run).
[ "${HVX_FULL:-}" = 1 ] && append+=" hvx.full=1"
qemu=(qemu-system-x86_64 -M pc -cpu max -smp 2 -m 2G,slots=1,maxmem=3G -nodefaults -no-reboot
	# The VMBus ACPI device and the memory behind its window (above).
	-acpitable file="$out/vmbus.aml"
	-object memory-backend-ram,id=hvxwin,size=16M
	-device pc-dimm,id=hvxwin,memdev=hvxwin,addr=$vram_base
	-nographic -bios /usr/share/qemu/qboot.rom
	-kernel "$kdir/arch/x86/boot/bzImage" -initrd "$out/initramfs.cpio.gz"
	# RAM behind a PCI BAR: hvx_sim's MMIO window, where hvx_fb places its VRAM.
	-object memory-backend-ram,id=hvxvram,size=16M -device ivshmem-plain,memdev=hvxvram)

# boot DIR TIMEOUT STALL [APPEND...]: one guest run, console.log and
# results.txt in DIR; QEMU is stopped after TIMEOUT seconds, or once the
# guest has reported nothing for STALL seconds (0: never), so a hung guest
# costs one test's bound, not its group's. Then the files it sent (tests/e2e/fbtool.py export: "HVX-ARTIFACT
# NAME base64-line" of zlib data; a capture (.ppm) is saved as PNG too). A
# name is a plain file name: nothing the guest says lands outside DIR.
boot() {
	local dir=$1 limit=$2 stall=$3 rc=0 name results pid size last=-1 quiet=0 t=0
	shift 3
	mkdir -p "$dir"
	results=$dir/results.txt
	: >"$results"
	"${qemu[@]}" -append "$append $*" -monitor none \
		-serial file:"$dir/console.log" -serial file:"$results" </dev/null &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		sleep 5
		t=$((t + 5))
		size=$(stat -c %s "$results")
		if [ "$size" != "$last" ]; then
			last=$size quiet=0
		else
			quiet=$((quiet + 5))
		fi
		if [ $t -ge "$limit" ] || { [ "$stall" != 0 ] && [ $quiet -ge "$stall" ]; }; then
			hvx_log "guest stopped after ${t}s (nothing reported for ${quiet}s)"
			kill $pid
			break
		fi
	done
	wait $pid || rc=$?
	tr -d '\r' <"$results" >"$results.tmp" && mv "$results.tmp" "$results"
	for name in $(sed -n 's/^HVX-ARTIFACT \([A-Za-z0-9_][A-Za-z0-9._-]*\) .*/\1/p' "$results" |
		sort -u); do
		sed -n "s/^HVX-ARTIFACT $name //p" "$results" |
			python3 -c 'import base64, sys, zlib
sys.stdout.buffer.write(zlib.decompress(base64.b64decode(sys.stdin.read())))' \
			>"$dir/$name" || continue
		case "$name" in
		*.ppm) python3 "$HVX_TOP/tools/ppm2png.py" "$dir/$name" "$dir/${name%.ppm}.png" ;;
		esac
		hvx_log "artifact: $dir/$name"
	done
}

case "$mode" in
shell)
	: >"$out/results.txt"
	exec "${qemu[@]}" -append "$append" -serial mon:stdio -serial file:"$out/results.txt"
	;;
check)
	# The guest's own bound: its tests' bounds, two minutes to boot, and
	# the leak scan; each test is bounded on its own inside.
	while read -r group budget longest params; do
		hvx_log "booting guest, group $group ($(grep -c . "$root/hvx/groups/$group") runs, bound $((budget + 180))s), artifacts in $out/$group"
		boot "$out/$group" $((budget + 180)) $((longest + 120)) "hvx.group=$group" $params
	done <"$out/groups"
	;;
run)
	hvx_log "booting guest ($mode), artifacts in $out"
	boot "$out" "$timeout" 0
	sed -n '/hvx-test: run/,$p' "$out/console.log" | tr -d '\r'
	"$HVX_TOP/tools/testbed/splat.sh" "$out/console.log" "$out/results.txt" || exit 1
	grep -q '^HVX-DONE' "$out/results.txt" || hvx_die "guest did not finish (see $out/console.log)"
	status=$(sed -n 's/^HVX-RUN rc=//p' "$out/results.txt")
	exit "${status:-1}"
	;;
esac
