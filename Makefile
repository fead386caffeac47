# SPDX-License-Identifier: GPL-2.0
#
# hvx: Hyper-V guest drivers, built out of tree.
#   make                  build the modules for the running kernel
#   make KDIR=<dir>       ... for another kernel's build directory
#   make install          install them (modules_install + depmod)
#   make install-modprobe-conf   keep the in-tree Hyper-V drivers from loading
#   make check            the whole test suite (the README's test command)
#   make check FULL=1     and what does not fit its time budget (see vm.sh)
#   make demo             boot the test guest and show what hvx does
#   make vm [RUN=x.sh]    interactive test guest, or run a script in it
#   make bench            userspace benchmarks
#   make fuzz [SECONDS=n] every libFuzzer harness (tools/fuzz), 600 s each

KDIR ?= /lib/modules/$(shell uname -r)/build
# The release modules install under (Debian's headers report another one
# through `make kernelrelease`; the one in the vermagic is what counts).
KRELEASE = $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h)
MAKEFLAGS += --no-print-directory

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# Kbuild installs under /lib/modules/<release>/extra; its own depmod step
# is skipped when the build dir has no System.map (distro headers), so run it.
install: modules
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	depmod -a $(KRELEASE)

# Keep the in-tree Hyper-V drivers from loading (see packaging/modprobe.d).
install-modprobe-conf:
	install -D -m 644 packaging/modprobe.d/hvx.conf $(DESTDIR)/etc/modprobe.d/hvx.conf

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	$(MAKE) -C tools clean

check:
	HVX_FULL=$(FULL) tools/testbed/check.sh

vm:
	tools/testbed/vm.sh $(if $(RUN),--run $(RUN))

demo:
	tools/testbed/demo.sh

bench:
	$(MAKE) -C tools bench
	tools/bench/ring_bench
	tools/bench/storage_bench.sh
	tools/bench/net_bench.sh
	tools/bench/peer_bench.sh

fuzz:
	$(MAKE) -C tools fuzz-run FUZZ_SECONDS=$(or $(SECONDS),600)

.PHONY: all modules install install-modprobe-conf clean check vm demo bench fuzz
