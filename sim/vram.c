// SPDX-License-Identifier: GPL-2.0
/*
 * The host's MMIO window, where a guest places memory of a device's own
 * (the video card's VRAM). Hyper-V backs that space with memory; in the
 * QEMU test guest an ivshmem-plain PCI device does, its BAR 2 being plain
 * RAM. The host maps the BAR for itself (host->vram) and tells hvx_vmbus
 * it is the window (transport.mmio), before connecting.
 *
 * The BAR is not requested: the guest driver claims its own part of it in
 * iomem_resource, which a busy parent would refuse.
 *
 * Through the Hyper-V model the guest finds its window where a Hyper-V
 * guest does, in the _CRS of the VMBus ACPI device; the test guest's
 * (tools/testbed/vm.sh) names memory outside the guest's RAM, and the host
 * is told the same place with vram_base=.
 */
#include <linux/io.h>
#include <linux/moduleparam.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include "sim.h"

#define SIM_VRAM_VENDOR		0x1af4	/* Red Hat, Inc. */
#define SIM_VRAM_DEVICE		0x1110	/* Inter-VM shared memory */
#define SIM_VRAM_BAR		2
#define SIM_VRAM_MIN		SZ_4M

/* 6.1's DEFINE_RES_* is an initializer, not yet a compound literal. */
static void sim_vram_window(struct resource *res, resource_size_t start, resource_size_t len)
{
	struct resource win = DEFINE_RES_MEM_NAMED(start, len, "hvx_sim vram");

	*res = win;
}

static unsigned long vram_base;
module_param(vram_base, ulong, 0444);
MODULE_PARM_DESC(vram_base, "Physical address of the VM's MMIO window (vram_size bytes of memory the guest kernel does not use); 0: an ivshmem BAR");

static unsigned int vram_size = SZ_16M;
module_param(vram_size, uint, 0444);
MODULE_PARM_DESC(vram_size, "Bytes of the window at vram_base (default 16 MiB)");

static void sim_vram_fixed(struct sim_host *host)
{
	void *vram;

	if (vram_size < SIM_VRAM_MIN ||
	    region_intersects(vram_base, vram_size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_warn("host: vram_base=%#lx vram_size=%u is no window outside the guest's RAM\n",
			vram_base, vram_size);
		return;
	}
	vram = memremap(vram_base, vram_size, MEMREMAP_WB);
	if (!vram) {
		pr_warn("host: the window at %#lx cannot be mapped\n", vram_base);
		return;
	}
	sim_vram_window(&host->vram_window, vram_base, vram_size);
	host->vram = vram;
	host->transport.mmio = &host->vram_window;
	host->transport.nr_mmio = 1;
	pr_info("host: VRAM window %pR (memory at vram_base)\n", &host->vram_window);
}

/* Without a window the host runs on; a video device's guest finds no MMIO space. */
void sim_vram_init(struct sim_host *host)
{
	struct pci_dev *pdev;
	resource_size_t start, len;
	void *vram;

	if (vram_base) {
		sim_vram_fixed(host);
		return;
	}
	pdev = pci_get_device(SIM_VRAM_VENDOR, SIM_VRAM_DEVICE, NULL);
	if (!pdev) {
		pr_info("host: no ivshmem device, no VRAM window\n");
		return;
	}
	start = pci_resource_start(pdev, SIM_VRAM_BAR);
	len = pci_resource_len(pdev, SIM_VRAM_BAR);
	if (pci_resource_flags(pdev, SIM_VRAM_BAR) & IORESOURCE_UNSET ||
	    resource_type(&pdev->resource[SIM_VRAM_BAR]) != IORESOURCE_MEM ||
	    len < SIM_VRAM_MIN) {
		pr_warn("host: %s BAR %d is no memory window of 4 MiB or more\n",
			pci_name(pdev), SIM_VRAM_BAR);
		goto out_put;
	}
	if (pci_enable_device(pdev)) {
		pr_warn("host: %s cannot be enabled, no VRAM window\n", pci_name(pdev));
		goto out_put;
	}
	vram = memremap(start, len, MEMREMAP_WB);
	if (!vram) {
		pr_warn("host: %s BAR %d cannot be mapped, no VRAM window\n",
			pci_name(pdev), SIM_VRAM_BAR);
		pci_disable_device(pdev);
		goto out_put;
	}
	sim_vram_window(&host->vram_window, start, len);
	host->vram = vram;
	host->vram_pdev = pdev;
	host->transport.mmio = &host->vram_window;
	host->transport.nr_mmio = 1;
	pr_info("host: VRAM window %pR (%s BAR %d)\n", &host->vram_window,
		pci_name(pdev), SIM_VRAM_BAR);
	return;

out_put:
	pci_dev_put(pdev);
}

/* After the guest disconnected and the devices are gone. */
void sim_vram_exit(struct sim_host *host)
{
	if (!host->vram)
		return;
	host->transport.mmio = NULL;
	host->transport.nr_mmio = 0;
	memunmap(host->vram);
	host->vram = NULL;
	if (!host->vram_pdev)
		return;
	pci_disable_device(host->vram_pdev);
	pci_dev_put(host->vram_pdev);
	host->vram_pdev = NULL;
}
