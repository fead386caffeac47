#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) the hvx test kernel: Debian's linux-source-6.12 with the
# patches in tests/qemu/patches, allnoconfig plus tests/qemu/kernel.config.
# The build directory is cached under $HVX_CACHE keyed by source version,
# fragment and patches; prints its path.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$(hvx_kernel_dir)
frag=$HVX_TOP/tests/qemu/kernel.config
mkdir -p "$HVX_CACHE"

exec 9>"$HVX_CACHE/kernel.lock"
flock 9

if [ -f "$out/.hvx-built" ]; then
	echo "$out"
	exit 0
fi

src=$(hvx_patched_tree)
hvx_log "building test kernel in $out (cold build, ~15-25 min on 2 cores)"
rm -rf "$out"
mkdir -p "$out"
make -s -C "$src" O="$out" KCONFIG_ALLCONFIG="$frag" allnoconfig >&2

# Every option the fragment asks for must have survived dependency resolution.
missing=0
while IFS= read -r line; do
	case "$line" in ''|'#'*) continue ;; esac
	opt=${line%%=*}
	val=${line#*=}
	if [ "$val" = n ]; then
		grep -q "^$opt=" "$out/.config" || continue
	else
		grep -qxF "$line" "$out/.config" && continue
	fi
	hvx_log "config: $line did not survive (have: $(grep "^$opt=\|^# $opt is" "$out/.config" || echo unset))"
	missing=1
done <"$frag"
[ "$missing" = 0 ] || hvx_die "kernel config fragment is inconsistent"

cc=gcc
if command -v ccache >/dev/null; then
	export CCACHE_DIR=$HVX_CACHE/ccache
	# Paths relative to the build directory, which is not hashed: a
	# build for another fragment or patch set reuses what did not change.
	export CCACHE_BASEDIR=$HVX_CACHE CCACHE_NOHASHDIR=true
	cc="ccache gcc"
fi
make -C "$src" O="$out" CC="$cc" -j"$HVX_JOBS" bzImage modules >"$out/build.log" 2>&1 ||
	{ tail -40 "$out/build.log" >&2; hvx_die "kernel build failed (log: $out/build.log)"; }
touch "$out/.hvx-built"
echo "$out"
