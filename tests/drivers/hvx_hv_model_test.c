// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "hvx_hv_model": the TLFS rules of the test kernel's model of
 * Hyper-V and of hvx_sim behind it, seen from the guest: real hypercalls
 * through the hypercall page, and a SynIC programmed on one CPU by hand.
 * Needs a kernel booted with hv_model and hvx_sim loaded with
 * start_guest=0 echo_devices=3 and no guest connected (tests/e2e/
 * hyperv_model.sh loads it so).
 */
#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <asm/hv_model.h>
#include <asm/mshyperv.h>
#include <hvx/synic.h>
#include <hvx/vmbus_msg.h>

#define CONN_CONTACT_V5	4	/* where a 5.0+ guest's INITIATE_CONTACT goes */
#define CONN_NOBODY	77
#define FAST		BIT_ULL(16)

static u16 post(void *in, u32 conn_id, u32 type, u32 size)
{
	struct hvx_post_message_input *p = in;

	p->connection_id = cpu_to_le32(conn_id);
	p->message_type = cpu_to_le32(type);
	p->payload_size = cpu_to_le32(size);
	return hv_do_hypercall(HVX_HVCALL_POST_MESSAGE, in, NULL) & 0xffff;
}

static void *input_page(struct kunit *test)
{
	void *page = (void *)get_zeroed_page(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, page);
	return page;
}

static void post_message_statuses(struct kunit *test)
{
	u8 *page = input_page(test);
	struct hvx_post_message_input *in = (void *)page;

	KUNIT_EXPECT_EQ(test, post(in, CONN_NOBODY, 1, 16), HVX_HV_STATUS_INVALID_CONNECTION_ID);
	KUNIT_EXPECT_EQ(test, post(in, CONN_CONTACT_V5, 1, 241), HVX_HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, post(in, CONN_CONTACT_V5, 0, 16), HVX_HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, post(in, CONN_CONTACT_V5, 0x80000001, 16),
			HVX_HV_STATUS_INVALID_PARAMETER);
	in->reserved = cpu_to_le32(1);
	KUNIT_EXPECT_EQ(test, post(in, CONN_CONTACT_V5, 1, 16), HVX_HV_STATUS_INVALID_PARAMETER);
	in->reserved = 0;
	/* The input block: 8-byte aligned, inside one page. */
	KUNIT_EXPECT_EQ(test, post(page + 4, CONN_NOBODY, 1, 16), HVX_HV_STATUS_INVALID_ALIGNMENT);
	KUNIT_EXPECT_EQ(test, post(page + PAGE_SIZE - 128, CONN_NOBODY, 1, 16),
			HVX_HV_STATUS_INVALID_ALIGNMENT);
	free_page((unsigned long)page);
}

static void control_word(struct kunit *test)
{
	void *in = input_page(test);

	KUNIT_EXPECT_EQ(test, hv_do_hypercall(0x7777, in, NULL) & 0xffff,
			HVX_HV_STATUS_INVALID_HYPERCALL_CODE);
	/* HvPostMessage is neither fast nor a rep call. */
	KUNIT_EXPECT_EQ(test, hv_do_hypercall(HVX_HVCALL_POST_MESSAGE | FAST, in, NULL) & 0xffff,
			HVX_HV_STATUS_INVALID_HYPERCALL_INPUT);
	KUNIT_EXPECT_EQ(test, hv_do_hypercall(HVX_HVCALL_POST_MESSAGE | (1ULL << 32), in, NULL) &
			0xffff, HVX_HV_STATUS_INVALID_HYPERCALL_INPUT);
	free_page((unsigned long)in);
}

static void signal_event_statuses(struct kunit *test)
{
	/* No channel is open: no connection id to signal. */
	KUNIT_EXPECT_EQ(test, hv_do_fast_hypercall8(HVX_HVCALL_SIGNAL_EVENT, 0x2001) & 0xffff,
			HVX_HV_STATUS_INVALID_CONNECTION_ID);
	KUNIT_EXPECT_EQ(test, hv_do_fast_hypercall8(HVX_HVCALL_SIGNAL_EVENT, CONN_NOBODY) & 0xffff,
			HVX_HV_STATUS_INVALID_CONNECTION_ID);
	/* Flag number 1: VMBus ports have one flag. */
	KUNIT_EXPECT_EQ(test, hv_do_fast_hypercall8(HVX_HVCALL_SIGNAL_EVENT,
						    BIT_ULL(32) | 0x2001) & 0xffff,
			HVX_HV_STATUS_INVALID_PARAMETER);
}

static void vp_index_and_cpuid(struct kunit *test)
{
	unsigned int cpu;

	KUNIT_EXPECT_TRUE(test, hv_is_hyperv_initialized());
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, hv_vp_index[cpu], hv_model_vp_index(cpu));
		KUNIT_EXPECT_EQ(test, hv_model_vp_cpu(hv_vp_index[cpu]), (int)cpu);
	}
	/* What the model offers, and only that. */
	KUNIT_EXPECT_EQ(test, ms_hyperv.features,
			HV_MSR_TIME_REF_COUNT_AVAILABLE | HV_MSR_SYNIC_AVAILABLE |
			HV_MSR_HYPERCALL_AVAILABLE | HV_MSR_VP_INDEX_AVAILABLE |
			HV_ACCESS_TSC_INVARIANT);
	KUNIT_EXPECT_EQ(test, ms_hyperv.hints, HV_DEPRECATING_AEOI_RECOMMENDED);
}

/* ---- one CPU's SynIC, programmed by hand ---- */

struct synic {
	unsigned int cpu;
	u64 saved[4];
	struct hvx_synic_msg *msgs;
	void *events;
	void *monitor[2];
	void *in;
};

static const u32 synic_msrs[] = {
	HVX_MSR_SIMP, HVX_MSR_SIEFP, HVX_MSR_SINT0 + HVX_VMBUS_SINT, HVX_MSR_SCONTROL,
};

static void synic_on(struct kunit *test, struct synic *s)
{
	unsigned int i;

	s->cpu = raw_smp_processor_id();
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(s->cpu)), 0);
	s->msgs = input_page(test);
	s->events = input_page(test);
	s->monitor[0] = input_page(test);
	s->monitor[1] = input_page(test);
	s->in = input_page(test);
	for (i = 0; i < ARRAY_SIZE(synic_msrs); i++)
		s->saved[i] = hv_get_msr(synic_msrs[i]);
	hv_set_msr(HVX_MSR_SIMP, virt_to_phys(s->msgs) | HVX_SYNIC_ENABLE);
	hv_set_msr(HVX_MSR_SIEFP, virt_to_phys(s->events) | HVX_SYNIC_ENABLE);
	/* Masked: messages still arrive, no interrupt (nobody would take it). */
	hv_set_msr(HVX_MSR_SINT0 + HVX_VMBUS_SINT, HVX_SINT_MASKED | HYPERVISOR_CALLBACK_VECTOR);
	hv_set_msr(HVX_MSR_SCONTROL, HVX_SYNIC_ENABLE);
}

static void synic_off(struct synic *s)
{
	unsigned int i;

	for (i = ARRAY_SIZE(synic_msrs); i-- > 0;)
		hv_set_msr(synic_msrs[i], s->saved[i]);
	free_page((unsigned long)s->msgs);
	free_page((unsigned long)s->events);
	free_page((unsigned long)s->monitor[0]);
	free_page((unsigned long)s->monitor[1]);
	free_page((unsigned long)s->in);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/* Wait up to 5 s for the VMBus slot to hold a message; its channel message type. */
static u32 slot_wait(struct synic *s)
{
	struct hvx_synic_msg *slot = &s->msgs[HVX_VMBUS_SINT];
	unsigned int ms;

	for (ms = 0; ms < 5000; ms++) {
		if (le32_to_cpu(READ_ONCE(slot->message_type)) != HVX_HVMSG_NONE) {
			/* The type before the payload the host wrote ahead of it. */
			rmb();
			return le32_to_cpu(((struct hvx_msg_header *)slot->payload)->msgtype);
		}
		usleep_range(1000, 2000);
	}
	return 0;
}

/*
 * Wait up to 5 s for the host to mark the full slot MessagePending: it does
 * once it has another message for it, which its worker makes in its own
 * time (a busy machine may take a while).
 */
static bool slot_wait_pending(struct synic *s)
{
	struct hvx_synic_msg *slot = &s->msgs[HVX_VMBUS_SINT];
	unsigned int ms;

	for (ms = 0; ms < 5000; ms++) {
		if (READ_ONCE(slot->flags) & HVX_HVMSG_FLAG_PENDING)
			return true;
		usleep_range(1000, 2000);
	}
	return false;
}

/* As a guest frees the slot: type first, then the flag says whether to EOM. */
static bool slot_free(struct synic *s)
{
	struct hvx_synic_msg *slot = &s->msgs[HVX_VMBUS_SINT];

	WRITE_ONCE(slot->message_type, cpu_to_le32(HVX_HVMSG_NONE));
	/* Free before reading the flag: the host sets it, then looks again. */
	mb();
	if (!(READ_ONCE(slot->flags) & HVX_HVMSG_FLAG_PENDING))
		return false;
	hv_set_msr(HVX_MSR_EOM, 0);
	return true;
}

static void synic_messages_queue_behind_a_full_slot(struct kunit *test)
{
	struct hvx_msg_version_response *resp;
	struct hvx_msg_initiate_contact *contact;
	struct hvx_post_message_input *in;
	struct hvx_synic_msg *slot;
	struct synic s;
	u32 conn_id;
	int i;

	synic_on(test, &s);
	in = s.in;
	slot = &s.msgs[HVX_VMBUS_SINT];
	contact = (void *)in->payload;
	contact->hdr.msgtype = cpu_to_le32(HVX_MSG_INITIATE_CONTACT);
	contact->version = cpu_to_le32(HVX_VMBUS_WIN10_V5_3);
	contact->target_vcpu = cpu_to_le32(hv_vp_index[s.cpu]);
	contact->msg_sint = HVX_VMBUS_SINT;
	contact->monitor_page1 = cpu_to_le64(virt_to_phys(s.monitor[0]));
	contact->monitor_page2 = cpu_to_le64(virt_to_phys(s.monitor[1]));
	KUNIT_ASSERT_EQ(test, post(in, CONN_CONTACT_V5, HVX_HVMSG_VMBUS, sizeof(*contact)),
			HVX_HV_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, slot_wait(&s), HVX_MSG_VERSION_RESPONSE);
	KUNIT_EXPECT_EQ(test, slot->payload_size, sizeof(struct hvx_msg_version_response));
	KUNIT_EXPECT_EQ(test, slot->flags, 0);
	resp = (struct hvx_msg_version_response *)slot->payload;
	KUNIT_EXPECT_EQ(test, resp->version_supported, 1);
	conn_id = le32_to_cpu(resp->msg_conn_id);
	KUNIT_EXPECT_FALSE(test, slot_free(&s));

	/* Three offers and ALLOFFERS_DELIVERED: one in the slot, the rest wait. */
	memset(in->payload, 0, sizeof(in->payload));
	((struct hvx_msg_header *)in->payload)->msgtype = cpu_to_le32(HVX_MSG_REQUESTOFFERS);
	KUNIT_ASSERT_EQ(test, post(in, conn_id, HVX_HVMSG_VMBUS, sizeof(struct hvx_msg_header)),
			HVX_HV_STATUS_SUCCESS);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, slot_wait(&s), HVX_MSG_OFFERCHANNEL);
		KUNIT_EXPECT_EQ(test, slot->payload_size, sizeof(struct hvx_msg_offer));
		/* More wait: the guest is told to write EOM, and EOM brings the next. */
		KUNIT_EXPECT_TRUE(test, slot_wait_pending(&s));
		KUNIT_EXPECT_TRUE(test, slot_free(&s));
	}
	KUNIT_EXPECT_EQ(test, slot_wait(&s), HVX_MSG_ALLOFFERS_DELIVERED);
	KUNIT_EXPECT_EQ(test, slot->flags, 0);
	KUNIT_EXPECT_FALSE(test, slot_free(&s));

	/* A slot left full holds the next message back until EOM. */
	((struct hvx_msg_header *)in->payload)->msgtype = cpu_to_le32(HVX_MSG_REQUESTOFFERS);
	KUNIT_ASSERT_EQ(test, post(in, conn_id, HVX_HVMSG_VMBUS, sizeof(struct hvx_msg_header)),
			HVX_HV_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, slot_wait(&s), HVX_MSG_OFFERCHANNEL);
	KUNIT_EXPECT_TRUE(test, slot_wait_pending(&s));
	KUNIT_EXPECT_EQ(test, slot->flags, HVX_HVMSG_FLAG_PENDING);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(((struct hvx_msg_offer *)slot->payload)->child_relid), 1);
	hv_set_msr(HVX_MSR_EOM, 0);	/* the slot is still full: nothing moves */
	KUNIT_EXPECT_EQ(test, le32_to_cpu(((struct hvx_msg_offer *)slot->payload)->child_relid), 1);
	/* The other offers, then ALLOFFERS_DELIVERED, each brought by an EOM. */
	do {
		KUNIT_ASSERT_TRUE(test, slot_wait_pending(&s));
		slot_free(&s);
	} while (slot_wait(&s) != HVX_MSG_ALLOFFERS_DELIVERED);

	/* UNLOAD: the host lets go of this "guest". */
	((struct hvx_msg_header *)in->payload)->msgtype = cpu_to_le32(HVX_MSG_UNLOAD);
	KUNIT_EXPECT_EQ(test, post(in, conn_id, HVX_HVMSG_VMBUS, sizeof(struct hvx_msg_header)),
			HVX_HV_STATUS_SUCCESS);
	slot_free(&s);
	KUNIT_EXPECT_EQ(test, slot_wait(&s), HVX_MSG_UNLOAD_RESPONSE);
	slot_free(&s);
	synic_off(&s);
}

static struct kunit_case hvx_hv_model_cases[] = {
	KUNIT_CASE(vp_index_and_cpuid),
	KUNIT_CASE(post_message_statuses),
	KUNIT_CASE(control_word),
	KUNIT_CASE(signal_event_statuses),
	KUNIT_CASE(synic_messages_queue_behind_a_full_slot),
	{}
};

static struct kunit_suite hvx_hv_model_suite = {
	.name = "hvx_hv_model",
	.test_cases = hvx_hv_model_cases,
};

kunit_test_suite(hvx_hv_model_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: the test kernel's model of Hyper-V and hvx_sim behind it");
