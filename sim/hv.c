// SPDX-License-Identifier: GPL-2.0
/*
 * The host behind the model of Hyper-V (asm/hv_model.h, in the test
 * kernel): the SynIC's behaviour and the hypercalls VMBus uses, as the TLFS
 * gives them. The model keeps the MSR values; this file acts on them.
 *
 * - HvPostMessage: the input block (8-byte aligned, within a page), a
 *   message type in 1..0x7fffffff, a payload of at most 240 bytes, reserved
 *   fields zero (else HV_STATUS_INVALID_PARAMETER), a connection id this
 *   host serves (else HV_STATUS_INVALID_CONNECTION_ID), room in the host's
 *   queue (else HV_STATUS_INSUFFICIENT_BUFFERS).
 * - HvSignalEvent (fast or not): the connection id of an open channel, flag
 *   number 0.
 * - Messages to the guest go to the SINT the guest asked for, in the
 *   message page of the VP it named. One message per slot: while the slot
 *   is full, the next ones wait in order and the slot's MessagePending flag
 *   tells the guest to write EOM once it has freed it; EOM (and enabling
 *   the page, the SynIC or the SINT) delivers the next. A message is
 *   delivered even to a masked SINT; only the interrupt is withheld.
 * - Channel interrupts set the channel's relid in the event flags of the
 *   VMBus SINT on the channel's target VP, and interrupt only when the flag
 *   was clear.
 * - Interrupts are the SINT's vector, on the VP's CPU. Auto-EOI is not
 *   modelled (the model recommends against it, as Hyper-V does).
 *
 * Everything here may run with interrupts off (hypercalls, EOM).
 */
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <asm/hv_model.h>
#include <hvx/synic.h>
#include "sim.h"

#define SIM_HV_QUEUE_MAX	4096	/* messages waiting for one VP */
#define SIM_HV_POSTS_MAX	256	/* guest messages the host has not handled */
#define SIM_HV_EVENT_FLAGS	(256 * 8)	/* flags per SINT */

/* Control bits no hypercall hvx's host serves may set: reps, headers, RsvdZ. */
#define SIM_HV_CONTROL_REJECT	(GENMASK_ULL(30, 17) | GENMASK_ULL(63, 32))
#define SIM_HV_CONTROL_FAST	BIT_ULL(16)

struct sim_hv_msg {
	struct list_head list;
	u32 type;
	u8 size;
	u8 payload[HVX_SYNIC_PAYLOAD];
};

struct sim_hv_vp {
	spinlock_t lock;	/* the queues; taken with interrupts off */
	struct list_head queue[HVX_SYNIC_SLOTS];
	unsigned int queued;
};

struct sim_hv {
	struct sim_host *host;
	atomic64_t posts, posts_refused, signals, signals_refused;
	atomic64_t messages, pended, eoms, events, interrupts, lost;
	bool auto_eoi_seen;
	unsigned int nr_vps;
	struct sim_hv_vp vp[];
};

/* The ops carry no context: one host, while it is attached. */
static struct sim_hv *sim_hv;

/* Attached: the reference counter is the one the guest reads. */
bool sim_hv_attached(void)
{
	return READ_ONCE(sim_hv);
}

u64 sim_hv_reference_time(void)
{
	return hv_model_reference_time();
}

static bool sim_hv_synic_on(unsigned int cpu)
{
	return hv_model_read(cpu, HVX_MSR_SCONTROL) & HVX_SYNIC_ENABLE;
}

/* The page an enabled SIMP or SIEFP names, or NULL. */
static void *sim_hv_page(unsigned int cpu, u32 msr)
{
	u64 v = hv_model_read(cpu, msr);
	unsigned long pfn = v >> PAGE_SHIFT;

	if (!(v & HVX_SYNIC_ENABLE) || !pfn_valid(pfn))
		return NULL;
	return page_address(pfn_to_page(pfn));
}

static void sim_hv_interrupt(struct sim_hv *hv, unsigned int cpu, unsigned int sint)
{
	u64 v = hv_model_read(cpu, HVX_MSR_SINT0 + sint);

	if (v & HVX_SINT_MASKED)
		return;
	if ((v & HVX_SINT_AUTO_EOI) && !xchg(&hv->auto_eoi_seen, true))
		pr_warn("host: SINT%u asks for auto-EOI, which the model does not do\n", sint);
	atomic64_inc(&hv->interrupts);
	hv_model_interrupt(cpu, v & 0xff);
}

/*
 * Whether the slot is free. When it is not, mark it so that the guest
 * writes EOM once it frees it; the guest frees the slot, then reads the
 * flag, so looking again after marking it catches a slot freed meanwhile.
 */
static bool sim_hv_slot_free(struct sim_hv *hv, struct hvx_synic_msg *slot)
{
	if (le32_to_cpu(READ_ONCE(slot->message_type)) == HVX_HVMSG_NONE)
		return true;
	WRITE_ONCE(slot->flags, READ_ONCE(slot->flags) | HVX_HVMSG_FLAG_PENDING);
	/* The flag before the second look; the guest's mb() orders the other way. */
	smp_mb();
	if (le32_to_cpu(READ_ONCE(slot->message_type)) == HVX_HVMSG_NONE)
		return true;
	atomic64_inc(&hv->pended);
	return false;
}

/* Move the oldest message waiting for (@cpu, @sint) into its slot. vp->lock. */
static void sim_hv_deliver(struct sim_hv *hv, unsigned int cpu, unsigned int sint)
{
	struct sim_hv_vp *vp = &hv->vp[cpu];
	struct list_head *queue = &vp->queue[sint];
	struct hvx_synic_msg *slot;
	struct sim_hv_msg *m;

	if (list_empty(queue) || !sim_hv_synic_on(cpu))
		return;
	slot = sim_hv_page(cpu, HVX_MSR_SIMP);
	if (!slot || !sim_hv_slot_free(hv, slot + sint))
		return;
	slot += sint;
	m = list_first_entry(queue, struct sim_hv_msg, list);
	list_del(&m->list);
	vp->queued--;
	memcpy(slot->payload, m->payload, m->size);
	slot->payload_size = m->size;
	slot->sender = 0;
	WRITE_ONCE(slot->flags, list_empty(queue) ? 0 : HVX_HVMSG_FLAG_PENDING);
	/* The message is whole before its type says it is there. */
	smp_wmb();
	WRITE_ONCE(slot->message_type, cpu_to_le32(m->type));
	kfree(m);
	atomic64_inc(&hv->messages);
	sim_hv_interrupt(hv, cpu, sint);
}

static void sim_hv_deliver_all(struct sim_hv *hv, unsigned int cpu)
{
	struct sim_hv_vp *vp = &hv->vp[cpu];
	unsigned long flags;
	unsigned int sint;

	spin_lock_irqsave(&vp->lock, flags);
	for (sint = 0; sint < HVX_SYNIC_SLOTS; sint++)
		sim_hv_deliver(hv, cpu, sint);
	spin_unlock_irqrestore(&vp->lock, flags);
}

/* A channel message from the host, to the VP and SINT of the guest's contact. */
void sim_hv_send(struct sim_host *host, const void *msg, u32 len)
{
	struct sim_hv *hv = host->hv;
	int cpu = hv_model_vp_cpu(READ_ONCE(host->msg_vp));
	unsigned int sint = READ_ONCE(host->msg_sint);
	struct sim_hv_msg *m;
	struct sim_hv_vp *vp;
	unsigned long flags;

	if (cpu < 0 || cpu >= hv->nr_vps || len > HVX_SYNIC_PAYLOAD ||
	    sint >= HVX_SYNIC_SLOTS) {
		atomic64_inc(&hv->lost);
		return;
	}
	m = kmalloc(sizeof(*m), GFP_ATOMIC);
	if (!m) {
		atomic64_inc(&hv->lost);
		return;
	}
	m->type = HVX_HVMSG_VMBUS;
	m->size = len;
	memcpy(m->payload, msg, len);
	vp = &hv->vp[cpu];
	spin_lock_irqsave(&vp->lock, flags);
	if (vp->queued < SIM_HV_QUEUE_MAX) {
		list_add_tail(&m->list, &vp->queue[sint]);
		vp->queued++;
		m = NULL;
		sim_hv_deliver(hv, cpu, sint);
	}
	spin_unlock_irqrestore(&vp->lock, flags);
	if (m) {
		pr_warn_ratelimited("host: VP %u holds %u messages; one lost\n",
				    host->msg_vp, SIM_HV_QUEUE_MAX);
		atomic64_inc(&hv->lost);
		kfree(m);
	}
}

/* The interrupt of @dev's channel: its event flag on its target VP. */
void sim_hv_event(struct sim_host *host, const struct sim_device *dev)
{
	struct sim_hv *hv = host->hv;
	int cpu = hv_model_vp_cpu(READ_ONCE(dev->target_vp));
	unsigned int sint = READ_ONCE(host->msg_sint);
	unsigned long *flags;

	if (cpu < 0 || cpu >= hv->nr_vps || !sim_hv_synic_on(cpu) ||
	    dev->relid >= SIM_HV_EVENT_FLAGS || sint >= HVX_SYNIC_SLOTS)
		goto lost;
	flags = sim_hv_page(cpu, HVX_MSR_SIEFP);
	if (!flags)
		goto lost;
	flags += sint * SIM_HV_EVENT_FLAGS / BITS_PER_LONG;
	atomic64_inc(&hv->events);
	if (!test_and_set_bit(dev->relid, flags))
		sim_hv_interrupt(hv, cpu, sint);
	return;
lost:
	atomic64_inc(&hv->lost);
}

static bool sim_hv_any_msg_page(struct sim_hv *hv)
{
	unsigned int cpu;

	for (cpu = 0; cpu < hv->nr_vps; cpu++)
		if (hv_model_read(cpu, HVX_MSR_SIMP) & HVX_SYNIC_ENABLE)
			return true;
	return false;
}

static void sim_hv_synic_written(unsigned int cpu, u32 msr, u64 value)
{
	struct sim_hv *hv = READ_ONCE(sim_hv);

	if (!hv || cpu >= hv->nr_vps)
		return;
	if (msr == HVX_MSR_EOM)
		atomic64_inc(&hv->eoms);
	/* The guest has let go (unload, kexec): the kexec test looks for this. */
	if (msr == HVX_MSR_SIMP && !(value & HVX_SYNIC_ENABLE) && !sim_hv_any_msg_page(hv))
		pr_info("every VP's SynIC message page is off\n");
	/* EOM, or a page, the SynIC or a SINT turned on: a message may fit now. */
	if (msr != HVX_MSR_SIEFP)
		sim_hv_deliver_all(hv, cpu);
}

/* Copy a hypercall's input block: 8-byte aligned, within one page, RAM. */
static u64 sim_hv_input(u64 gpa, void *buf, size_t len)
{
	unsigned long pfn = gpa >> PAGE_SHIFT;

	if (!IS_ALIGNED(gpa, 8) || offset_in_page(gpa) + len > PAGE_SIZE)
		return HVX_HV_STATUS_INVALID_ALIGNMENT;
	if (!pfn_valid(pfn))
		return HVX_HV_STATUS_INVALID_PARAMETER;
	memcpy(buf, page_address(pfn_to_page(pfn)) + offset_in_page(gpa), len);
	return HVX_HV_STATUS_SUCCESS;
}

static u64 sim_hv_post_message(struct sim_hv *hv, u64 gpa)
{
	struct hvx_post_message_input in;
	u32 type, size;
	u64 status;
	int ret;

	status = sim_hv_input(gpa, &in, sizeof(in));
	if (status)
		return status;
	type = le32_to_cpu(in.message_type);
	size = le32_to_cpu(in.payload_size);
	if (!type || type & BIT(31) || size > sizeof(in.payload) || in.reserved)
		return HVX_HV_STATUS_INVALID_PARAMETER;
	if (atomic_read(&hv->host->posts_inflight) >= SIM_HV_POSTS_MAX)
		return HVX_HV_STATUS_INSUFFICIENT_BUFFERS;
	ret = sim_post(hv->host, le32_to_cpu(in.connection_id), in.payload, size,
		       GFP_ATOMIC);
	switch (ret) {
	case 0:
		atomic64_inc(&hv->posts);
		return HVX_HV_STATUS_SUCCESS;
	case -ENXIO:
		return HVX_HV_STATUS_INVALID_CONNECTION_ID;
	case -ENOMEM:
		return HVX_HV_STATUS_INSUFFICIENT_MEMORY;
	default:
		return HVX_HV_STATUS_INVALID_PARAMETER;
	}
}

/* The input: connection id (bits 0-31), flag number (32-47), RsvdZ. */
static u64 sim_hv_signal_event(struct sim_hv *hv, u64 input)
{
	u32 conn_id = lower_32_bits(input);

	if (input >> 32)
		return HVX_HV_STATUS_INVALID_PARAMETER;
	if (conn_id < SIM_CONN_ID_CHANNEL ||
	    !sim_chan_signal(hv->host, conn_id - SIM_CONN_ID_CHANNEL))
		return HVX_HV_STATUS_INVALID_CONNECTION_ID;
	atomic64_inc(&hv->host->hypercall_signals);
	atomic64_inc(&hv->signals);
	return HVX_HV_STATUS_SUCCESS;
}

static u64 sim_hv_hypercall(u64 control, u64 input, u64 output)
{
	struct sim_hv *hv = READ_ONCE(sim_hv);
	bool fast = control & SIM_HV_CONTROL_FAST;
	u64 status, arg;

	if (!hv)
		return HVX_HV_STATUS_INVALID_CONNECTION_ID;
	if (control & SIM_HV_CONTROL_REJECT)
		return HVX_HV_STATUS_INVALID_HYPERCALL_INPUT;
	switch (control & 0xffff) {
	case HVX_HVCALL_POST_MESSAGE:
		status = fast ? HVX_HV_STATUS_INVALID_HYPERCALL_INPUT :
				sim_hv_post_message(hv, input);
		if (status)
			atomic64_inc(&hv->posts_refused);
		return status;
	case HVX_HVCALL_SIGNAL_EVENT:
		arg = input;
		status = fast ? 0 : sim_hv_input(input, &arg, sizeof(arg));
		if (!status)
			status = sim_hv_signal_event(hv, arg);
		if (status) {
			atomic64_inc(&hv->signals_refused);
			pr_warn_ratelimited("host: HvSignalEvent(%#llx) refused: status %llu\n",
					    arg, status);
		}
		return status;
	}
	return HVX_HV_STATUS_INVALID_HYPERCALL_CODE;
}

static const struct hv_model_ops sim_hv_ops = {
	.synic_written = sim_hv_synic_written,
	.hypercall = sim_hv_hypercall,
};

/* -ENODEV: the kernel does not run the model of Hyper-V. */
int sim_hv_attach(struct sim_host *host)
{
	unsigned int nr = nr_cpu_ids, cpu, sint;
	struct sim_hv *hv;
	int ret;

	hv = kzalloc(struct_size(hv, vp, nr), GFP_KERNEL);
	if (!hv)
		return -ENOMEM;
	hv->host = host;
	hv->nr_vps = nr;
	for (cpu = 0; cpu < nr; cpu++) {
		spin_lock_init(&hv->vp[cpu].lock);
		for (sint = 0; sint < HVX_SYNIC_SLOTS; sint++)
			INIT_LIST_HEAD(&hv->vp[cpu].queue[sint]);
	}
	host->hv = hv;
	host->msg_sint = HVX_VMBUS_SINT;
	WRITE_ONCE(sim_hv, hv);
	ret = hv_model_attach(&sim_hv_ops);
	if (ret) {
		if (ret != -ENODEV)
			pr_err("cannot attach to the Hyper-V model: %d\n", ret);
		WRITE_ONCE(sim_hv, NULL);
		host->hv = NULL;
		kfree(hv);
	}
	return ret;
}

/* The guest reaches the host no more; the host's workers may still send. */
void sim_hv_detach(struct sim_host *host)
{
	hv_model_detach(&sim_hv_ops);	/* no callback runs after this */
	WRITE_ONCE(sim_hv, NULL);
}

/* Once the host's workers are gone. */
void sim_hv_free(struct sim_host *host)
{
	struct sim_hv *hv = host->hv;
	struct sim_hv_msg *m, *tmp;
	unsigned int cpu, sint;

	if (!hv)
		return;
	for (cpu = 0; cpu < hv->nr_vps; cpu++)
		for (sint = 0; sint < HVX_SYNIC_SLOTS; sint++)
			list_for_each_entry_safe(m, tmp, &hv->vp[cpu].queue[sint], list)
				kfree(m);
	host->hv = NULL;
	kfree(hv);
}

void sim_hv_show(struct sim_host *host, struct seq_file *s)
{
	struct sim_hv *hv = host->hv;
	unsigned int cpu, queued = 0;

	if (!hv)
		return;
	for (cpu = 0; cpu < hv->nr_vps; cpu++)
		queued += READ_ONCE(hv->vp[cpu].queued);
	seq_printf(s, "posts %lld\nposts_refused %lld\nsignals %lld\nsignals_refused %lld\n",
		   atomic64_read(&hv->posts), atomic64_read(&hv->posts_refused),
		   atomic64_read(&hv->signals), atomic64_read(&hv->signals_refused));
	seq_printf(s, "messages %lld\nqueued %u\npended %lld\neoms %lld\n",
		   atomic64_read(&hv->messages), queued, atomic64_read(&hv->pended),
		   atomic64_read(&hv->eoms));
	seq_printf(s, "events %lld\ninterrupts %lld\nlost %lld\n",
		   atomic64_read(&hv->events), atomic64_read(&hv->interrupts),
		   atomic64_read(&hv->lost));
	for (cpu = 0; cpu < hv->nr_vps; cpu++) {
		seq_printf(s, "vp_of_cpu%u %u\n", cpu, hv_model_vp_index(cpu));
		/* 1: the CPU's SynIC and message page are on */
		seq_printf(s, "synic_cpu%u %d\n", cpu, sim_hv_synic_on(cpu) &&
			   (hv_model_read(cpu, HVX_MSR_SIMP) & HVX_SYNIC_ENABLE));
	}
}
