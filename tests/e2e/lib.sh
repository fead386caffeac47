# SPDX-License-Identifier: GPL-2.0
# Helpers for e2e tests (busybox sh, inside the test guest). Source it with
#   . "${0%/*}/lib.sh"
# A test exits 0 on pass, 4 to skip, anything else on failure, and says why.

set -e

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 4; }
step() { echo "--- $*"; }

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
	[ "$1" = "$2" ] || fail "$3: got '$1', want '$2'"
}

# Wait up to $2 seconds (default 10) for the command in $1 to succeed.
wait_for() {
	local i=0 limit=$((${2:-10} * 10))
	while ! eval "$1" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt $limit ] || fail "timed out waiting for: $1"
		sleep 0.1
	done
}
