// SPDX-License-Identifier: GPL-2.0
/*
 * The Hyper-V transport: SynIC message and event pages on every CPU, VMBus
 * on SINT2, HvPostMessage and HvSignalEvent through the kernel's hypercall
 * page, the interrupt through the kernel's callback-vector hook. UNLOAD on
 * kexec and crash, then the SynIC off, before the next kernel runs.
 * MMIO windows for devices (VRAM) from the VMBus ACPI device's _CRS.
 *
 * On by default wherever the kernel finds Hyper-V; tested against the model
 * of Hyper-V in the test kernel (tests/qemu/patches), which reaches hvx_sim
 * through these same SynIC pages and hypercalls.
 */
#include <linux/acpi.h>
#include <linux/cpuhotplug.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/sizes.h>
#include <asm/mshyperv.h>
#include <asm/sync_bitops.h>
#include <clocksource/hyperv_timer.h>
#include <hvx/synic.h>
#include "internal.h"

static bool hyperv_transport = true;
module_param(hyperv_transport, bool, 0444);
MODULE_PARM_DESC(hyperv_transport,
		 "Connect to Hyper-V when running on it (default on; 0: wait for another transport)");

struct hyperv_cpu {
	void *msg_page;
	void *event_page;
};

static DEFINE_PER_CPU(struct hyperv_cpu, hyperv_cpus);
static int hyperv_cpuhp_state;
static bool hyperv_detaching;	/* every CPU's SynIC is being turned off */

static struct hvx_synic_msg *hyperv_vmbus_slot(struct hyperv_cpu *hc)
{
	return (struct hvx_synic_msg *)hc->msg_page + HVX_VMBUS_SINT;
}

/* Free the slot for the next message; tell the hypervisor if one waits. */
static void hyperv_msg_done(struct hvx_synic_msg *msg)
{
	WRITE_ONCE(msg->message_type, cpu_to_le32(HVX_HVMSG_NONE));
	/* The slot is free before the hypervisor hears about it. */
	mb();
	if (READ_ONCE(msg->flags) & HVX_HVMSG_FLAG_PENDING)
		hvx_hv_set_msr(HVX_MSR_EOM, 0);
}

static void hyperv_isr_events(struct hyperv_cpu *hc)
{
	unsigned long *flags = hc->event_page + HVX_VMBUS_SINT * 256;
	unsigned int relid;

	/* Bit n set: the host signalled relid n. Bit 0 is never a channel. */
	for_each_set_bit(relid, flags, HVX_MAX_RELID) {
		if (sync_test_and_clear_bit(relid, flags) && relid)
			hvx_vmbus_deliver_event(relid);
	}
}

static void hyperv_isr(void)
{
	struct hyperv_cpu *hc = this_cpu_ptr(&hyperv_cpus);
	struct hvx_synic_msg *msg = hyperv_vmbus_slot(hc);
	u32 type;

	hyperv_isr_events(hc);
	type = le32_to_cpu(READ_ONCE(msg->message_type));
	if (type == HVX_HVMSG_NONE)
		return;
	if (type == HVX_HVMSG_TIMER_EXPIRED)
		hv_stimer0_isr();	/* legacy stimer messages share the SINT */
	else
		hvx_vmbus_deliver_msg(msg->payload,
				      min_t(u32, READ_ONCE(msg->payload_size),
					    sizeof(msg->payload)));
	hyperv_msg_done(msg);
}

static u64 hyperv_post_once(u32 conn_id, const void *msg, u32 len)
{
	struct hvx_post_message_input *in;
	unsigned long flags;
	u64 status;

	local_irq_save(flags);
	in = *this_cpu_ptr(hyperv_pcpu_input_arg);
	in->connection_id = cpu_to_le32(conn_id);
	in->reserved = 0;
	in->message_type = cpu_to_le32(1);
	in->payload_size = cpu_to_le32(len);
	memcpy(in->payload, msg, len);
	status = hv_do_hypercall(HVX_HVCALL_POST_MESSAGE, in, NULL) & 0xffff;
	local_irq_restore(flags);
	return status;
}

static int hyperv_status_errno(u64 status)
{
	switch (status) {
	case HVX_HV_STATUS_SUCCESS:
		return 0;
	case HVX_HV_STATUS_INVALID_CONNECTION_ID:
		return -ENXIO;
	case HVX_HV_STATUS_INSUFFICIENT_MEMORY:
	case HVX_HV_STATUS_INSUFFICIENT_BUFFERS:
		return -EAGAIN;
	default:
		return -EIO;
	}
}

/* The hypervisor may be short of buffers for a moment: back off, bounded. */
static int hyperv_post_msg(struct hvx_transport *t, u32 conn_id, const void *msg,
			   u32 len)
{
	unsigned int delay_ms = 1;
	int ret, tries;

	if (len > HVX_MSG_MAX_SIZE)
		return -EMSGSIZE;
	for (tries = 0; tries < 12; tries++) {
		ret = hyperv_status_errno(hyperv_post_once(conn_id, msg, len));
		if (ret != -EAGAIN)
			return ret;
		msleep(delay_ms);
		delay_ms = min(delay_ms * 2, 100U);
	}
	return -EAGAIN;
}

static void hyperv_signal(struct hvx_transport *t, u32 conn_id)
{
	hv_do_fast_hypercall8(HVX_HVCALL_SIGNAL_EVENT, conn_id);
}

static u32 hyperv_vp_index(struct hvx_transport *t, unsigned int cpu)
{
	return hv_vp_index[cpu];
}

static u64 hyperv_reference_time(struct hvx_transport *t)
{
	return hvx_hv_get_msr(HVX_MSR_TIME_REF_COUNT);
}

static const struct hvx_transport_ops hyperv_ops = {
	.post_msg = hyperv_post_msg,
	.signal = hyperv_signal,
	.vp_index = hyperv_vp_index,
	.reference_time = hyperv_reference_time,
};

#define HYPERV_MAX_MMIO		8
#define HYPERV_VTPM_BASE	0xfed40000	/* a window over it stops there */

static struct resource hyperv_mmio[HYPERV_MAX_MMIO];

static struct hvx_transport hyperv = {
	.name = "Hyper-V",
	.ops = &hyperv_ops,
	.mmio = hyperv_mmio,
};

/* ---- MMIO windows: the _CRS of the VMBus ACPI device and its ancestors ---- */

static acpi_status hyperv_mmio_window(struct acpi_resource *res, void *unused)
{
	struct acpi_resource_address64 addr;
	u64 start, end;

	if (ACPI_FAILURE(acpi_resource_to_address64(res, &addr)) ||
	    addr.resource_type != ACPI_MEMORY_RANGE || !addr.address.address_length)
		return AE_OK;
	start = addr.address.minimum;
	end = start + addr.address.address_length - 1;
	if (end < SZ_1M)
		return AE_OK;		/* legacy space, never for devices */
	if (start < HYPERV_VTPM_BASE && end >= HYPERV_VTPM_BASE)
		end = HYPERV_VTPM_BASE - 1;
	if (hyperv.nr_mmio == HYPERV_MAX_MMIO) {
		pr_warn("more than %u MMIO windows; ignoring %#llx-%#llx\n",
			HYPERV_MAX_MMIO, start, end);
		return AE_OK;
	}
	hyperv_mmio[hyperv.nr_mmio++] = (struct resource){
		.start = start,
		.end = end,
		.flags = IORESOURCE_MEM,
	};
	return AE_OK;
}

/*
 * The VMBus ACPI device: its MMIO windows (Generation 1 VMs put them on
 * its parent), and the parent of the bus's devices, as in-tree's are.
 */
static void hyperv_find_acpi(void)
{
	static const char * const hids[] = { "VMBUS", "VMBus" };
	struct acpi_device *adev = NULL;
	acpi_handle handle, parent;
	unsigned int i;

	hyperv.nr_mmio = 0;
	for (i = 0; i < ARRAY_SIZE(hids) && !adev; i++)
		adev = acpi_dev_get_first_match_dev(hids[i], NULL, -1);
	if (!adev) {
		pr_info("no VMBus ACPI device: no MMIO space for devices\n");
		return;
	}
	for (handle = adev->handle; handle && !hyperv.nr_mmio; handle = parent) {
		acpi_walk_resources(handle, METHOD_NAME__CRS, hyperv_mmio_window, NULL);
		if (ACPI_FAILURE(acpi_get_parent(handle, &parent)))
			break;
	}
	/* The reference acpi_dev_get_first_match_dev() took is the parent's. */
	hyperv.parent = &adev->dev;
}

static void hyperv_put_acpi(void)
{
	if (hyperv.parent)
		acpi_dev_put(to_acpi_device(hyperv.parent));
	hyperv.parent = NULL;
}

/* ---- SynIC, per CPU --------------------------------------------------- */

static int hyperv_cpu_online(unsigned int cpu)
{
	struct hyperv_cpu *hc = per_cpu_ptr(&hyperv_cpus, cpu);
	u64 sint = HYPERVISOR_CALLBACK_VECTOR, scontrol;

	if (!hc->msg_page)
		hc->msg_page = (void *)get_zeroed_page(GFP_KERNEL);
	if (!hc->event_page)
		hc->event_page = (void *)get_zeroed_page(GFP_KERNEL);
	if (!hc->msg_page || !hc->event_page)
		return -ENOMEM;

	hvx_hv_set_msr(HVX_MSR_SIMP, virt_to_phys(hc->msg_page) | HVX_SYNIC_ENABLE);
	hvx_hv_set_msr(HVX_MSR_SIEFP, virt_to_phys(hc->event_page) | HVX_SYNIC_ENABLE);
	if (!(ms_hyperv.hints & HV_DEPRECATING_AEOI_RECOMMENDED))
		sint |= HVX_SINT_AUTO_EOI;
	hvx_hv_set_msr(HVX_MSR_SINT0 + HVX_VMBUS_SINT, sint);
	scontrol = hvx_hv_get_msr(HVX_MSR_SCONTROL);
	hvx_hv_set_msr(HVX_MSR_SCONTROL, scontrol | HVX_SYNIC_ENABLE);
	return 0;
}

static int hyperv_cpu_offline(unsigned int cpu)
{
	u64 v;

	/*
	 * Channel messages come to the CPU INITIATE_CONTACT named (CPU 0), and
	 * the host keeps interrupting the CPU a channel targets: move the
	 * channel first (channels/<relid>/cpu).
	 */
	if (!READ_ONCE(hyperv_detaching) &&
	    (!cpu || hvx_conn_cpu_in_use(&hvx_conn, cpu)))
		return -EBUSY;

	v = hvx_hv_get_msr(HVX_MSR_SINT0 + HVX_VMBUS_SINT);
	hvx_hv_set_msr(HVX_MSR_SINT0 + HVX_VMBUS_SINT, v | HVX_SINT_MASKED);
	v = hvx_hv_get_msr(HVX_MSR_SIMP);
	hvx_hv_set_msr(HVX_MSR_SIMP, v & ~HVX_SYNIC_ENABLE);
	v = hvx_hv_get_msr(HVX_MSR_SIEFP);
	hvx_hv_set_msr(HVX_MSR_SIEFP, v & ~HVX_SYNIC_ENABLE);
	return 0;
}

static void hyperv_free_pages(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct hyperv_cpu *hc = per_cpu_ptr(&hyperv_cpus, cpu);

		free_page((unsigned long)hc->msg_page);
		free_page((unsigned long)hc->event_page);
		hc->msg_page = NULL;
		hc->event_page = NULL;
	}
}

/* ---- kexec and crash: UNLOAD as the machine goes down ------------------ */

/* Azure may flush its disk caches before it answers: wait 100 s, as Linux does. */
#define HYPERV_UNLOAD_WAIT_MS	100000

/*
 * A crashing CPU takes no interrupts, and the reply goes to the CPU that
 * INITIATE_CONTACT named, which may be this one: look in every CPU's slot.
 * Anything else there is stale now; freeing the slot lets the next one in.
 */
static bool hyperv_unload_reply_polled(void)
{
	struct hvx_synic_msg *msg;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		msg = hyperv_vmbus_slot(per_cpu_ptr(&hyperv_cpus, cpu));
		if (le32_to_cpu(READ_ONCE(msg->message_type)) == HVX_HVMSG_NONE)
			continue;
		if (get_unaligned_le32(msg->payload) == HVX_MSG_UNLOAD_RESPONSE)
			return true;
		hyperv_msg_done(msg);
	}
	return false;
}

/*
 * Tell the host the guest is gone, so that it closes every channel and
 * stops writing to this kernel's memory before the next kernel owns it.
 * On kexec interrupts still come and the caller may sleep; on a crash
 * neither.
 */
static void hyperv_unload(bool crash)
{
	struct hvx_msg_header unload = { .msgtype = cpu_to_le32(HVX_MSG_UNLOAD) };
	unsigned int ms;
	bool polled;
	int ret;

	/* Hosts before Server 2012 R2 do not know UNLOAD. */
	if (READ_ONCE(hvx_conn.version) < HVX_VMBUS_WIN8_1)
		return;
	hvx_conn_unload_expect(&hvx_conn);
	if (crash)
		ret = hyperv_status_errno(hyperv_post_once(hvx_conn.msg_conn_id, &unload,
							   sizeof(unload)));
	else
		ret = hyperv_post_msg(&hyperv, hvx_conn.msg_conn_id, &unload, sizeof(unload));
	if (ret) {
		pr_err("UNLOAD not posted (%d): the host may still use this memory\n", ret);
		return;
	}
	for (ms = 0; ms < HYPERV_UNLOAD_WAIT_MS; ms += 20) {
		polled = crash && hyperv_unload_reply_polled();
		if (polled || hvx_conn_unload_acked(&hvx_conn)) {
			pr_info("the host acknowledged UNLOAD (%s) within %u ms, %s\n",
				crash ? "crash" : "kexec", ms + 20,
				polled ? "in a message slot" : "by interrupt");
			return;
		}
		if (crash)
			mdelay(20);
		else
			msleep(20);
	}
	pr_err("no answer to UNLOAD in %u s; going on\n", HYPERV_UNLOAD_WAIT_MS / 1000);
}

/*
 * The SynIC keeps its pages across kexec: turn it off, or the hypervisor
 * writes messages into memory the next kernel uses.
 */
static void hyperv_kexec(void)
{
	hyperv_unload(false);
	WRITE_ONCE(hyperv_detaching, true);
	cpuhp_remove_state(hyperv_cpuhp_state);
	hyperv_cpuhp_state = 0;
}

/* Other CPUs are stopped next, as they are: only this one's SynIC goes off. */
static void hyperv_crash(struct pt_regs *regs)
{
	hyperv_unload(true);
	WRITE_ONCE(hyperv_detaching, true);
	hyperv_cpu_offline(smp_processor_id());
}

/* ---- attach and detach ------------------------------------------------- */

int hvx_hyperv_init(void)
{
	int ret;

	if (!hv_is_hyperv_initialized())
		return 0;
	if (!hyperv_transport) {
		pr_info("running on Hyper-V, not connecting to it (hyperv_transport=0)\n");
		return 0;
	}
	if (hv_is_isolation_supported()) {
		pr_err("isolated (confidential) VMs are not supported yet\n");
		return -EOPNOTSUPP;
	}
	/* A failed setup rolls back through the offline callback: let it. */
	WRITE_ONCE(hyperv_detaching, true);
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "hvx/vmbus:online",
				hyperv_cpu_online, hyperv_cpu_offline);
	if (ret < 0)
		goto out_free;
	hyperv_cpuhp_state = ret;
	WRITE_ONCE(hyperv_detaching, false);
	hv_setup_vmbus_handler(hyperv_isr);

	hyperv_find_acpi();
	ret = hvx_vmbus_connect(&hyperv);
	if (ret)
		goto out_remove;
	hv_setup_kexec_handler(hyperv_kexec);
	hv_setup_crash_handler(hyperv_crash);
	return 0;

out_remove:
	hyperv_put_acpi();
	hv_remove_vmbus_handler();
	WRITE_ONCE(hyperv_detaching, true);
	cpuhp_remove_state(hyperv_cpuhp_state);
	hyperv_cpuhp_state = 0;
out_free:
	hyperv_free_pages();
	return ret;
}

void hvx_hyperv_exit(void)
{
	if (!hyperv_cpuhp_state)
		return;
	hv_remove_kexec_handler();
	hv_remove_crash_handler();
	hvx_vmbus_disconnect(&hyperv);
	hyperv_put_acpi();
	hv_remove_vmbus_handler();
	WRITE_ONCE(hyperv_detaching, true);
	cpuhp_remove_state(hyperv_cpuhp_state);
	hyperv_free_pages();
}
