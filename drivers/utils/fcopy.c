// SPDX-License-Identifier: GPL-2.0
/*
 * Guest file copy (Copy-VMFile on the host): START names the file (UTF-16
 * name and directory, flags, size), WRITE_TO_FILE carries up to 6 KiB at
 * an offset, COMPLETE or CANCEL ends it. hv_fcopy_daemon writes the file;
 * each message is relayed to it with the strings in UTF-8, and its int
 * answer is the status. A fragment is checked against the packet that
 * carries it before the daemon sees a byte of it.
 */
#include <linux/seq_file.h>
#include <uapi/linux/hyperv.h>
#include <hvx/compat.h>
#include "relay.h"

static const u32 fcopy_versions[] = { HVX_IC_VERSION(1, 1) };
static const u32 fcopy_frameworks[] = { HVX_IC_VERSION(3, 0) };

#define FCOPY_MSG_MAX		8192

struct fcopy_state {
	u64 started, fragments, bytes, malformed;
};

/* The daemon's START: UTF-8 names in the UTF-16 arrays' bytes. */
static int fcopy_start_in(const void *body, u32 len, void *out)
{
	const struct hv_start_fcopy *h = body;
	struct hv_start_fcopy *d = out;

	if (len < sizeof(*h) ||
	    hvx_ic_utf16_to_utf8(h->file_name, W_MAX_PATH, (u8 *)d->file_name, W_MAX_PATH) < 1 ||
	    hvx_ic_utf16_to_utf8(h->path_name, W_MAX_PATH, (u8 *)d->path_name, W_MAX_PATH) < 1)
		return -EINVAL;
	d->copy_flags = get_unaligned_le32(&h->copy_flags);
	d->file_size = get_unaligned_le64(&h->file_size);
	return sizeof(*d);
}

static int fcopy_write_in(const void *body, u32 len, void *out)
{
	const struct hv_do_fcopy *h = body;
	struct hv_do_fcopy *d = out;
	u32 size;

	if (len < offsetof(struct hv_do_fcopy, data))
		return -EINVAL;
	size = get_unaligned_le32(&h->size);
	if (size > DATA_FRAGMENT || len < offsetof(struct hv_do_fcopy, data) + size)
		return -EINVAL;
	d->offset = get_unaligned_le64(&h->offset);
	d->size = size;
	memcpy(d->data, h->data, size);
	return sizeof(*d);
}

static int fcopy_end_in(const void *body, u32 len, void *out)
{
	return sizeof(struct hv_fcopy_hdr);
}

/* Per operation: the daemon's message from the host's, or -EINVAL. */
static int (*const fcopy_in[])(const void *body, u32 len, void *out) = {
	[START_FILE_COPY] = fcopy_start_in,
	[WRITE_TO_FILE] = fcopy_write_in,
	[COMPLETE_FCOPY] = fcopy_end_in,
	[CANCEL_FCOPY] = fcopy_end_in,
};

static u32 fcopy_handle(struct util_dev *u, u8 *body, u32 len)
{
	struct fcopy_state *st = u->priv;
	struct hv_fcopy_hdr *out;
	u32 op;
	int n;

	if (len < sizeof(struct hv_fcopy_hdr))
		goto malformed;
	op = get_unaligned_le32(body);
	if (op >= ARRAY_SIZE(fcopy_in))
		goto malformed;
	out = util_relay_begin(u->relay);
	if (!out)
		return HVX_IC_E_FAIL;		/* no daemon */
	memset(out, 0, sizeof(struct hv_do_fcopy));
	out->operation = op;
	n = fcopy_in[op](body, len, out);
	if (n < 0) {
		util_relay_cancel(u->relay);
		goto malformed;
	}
	if (op == START_FILE_COPY)
		st->started++;
	if (op == WRITE_TO_FILE) {
		st->fragments++;
		st->bytes += ((struct hv_do_fcopy *)out)->size;
	}
	if (!util_relay_submit(u->relay, n, util_relay_timeout_s()))
		return HVX_IC_E_FAIL;
	return UTIL_ANSWER_LATER;

malformed:
	st->malformed++;
	return HVX_IC_E_FAIL;
}

static int fcopy_hello(struct util_dev *u, const void *msg, u32 len, void *reply)
{
	switch (get_unaligned((const u32 *)msg)) {
	case FCOPY_VERSION_0:
		return 0;		/* it expects no reply */
	case FCOPY_VERSION_1:
		put_unaligned((u32)FCOPY_CURRENT_VERSION, (u32 *)reply);
		return sizeof(u32);
	}
	return -EINVAL;
}

/* The daemon answers with an int: the status. */
static void fcopy_answer(struct util_dev *u, const void *msg)
{
	util_answer(u, get_unaligned((const u32 *)msg));
}

static void fcopy_failed(struct util_dev *u)
{
	util_answer(u, HVX_IC_E_FAIL);
}

static const struct util_relay_ops fcopy_relay_ops = {
	.devname = "vmbus/hv_fcopy",
	.msg_max = sizeof(struct hv_do_fcopy),
	.answer_len = sizeof(int),
	.hello = fcopy_hello,
	.answer = fcopy_answer,
	.failed = fcopy_failed,
};

static void fcopy_show(struct util_dev *u, struct seq_file *s)
{
	struct fcopy_state *st = u->priv;

	util_relay_show(u->relay, s);
	seq_printf(s, "started %llu\nfragments %llu\nbytes %llu\nmalformed %llu\n",
		   st->started, st->fragments, st->bytes, st->malformed);
}

const struct util_service util_fcopy = {
	.name = "fcopy",
	.msgtype = HVX_IC_FCOPY,
	.versions = fcopy_versions,
	.nr_versions = ARRAY_SIZE(fcopy_versions),
	.frameworks = fcopy_frameworks,
	.nr_frameworks = ARRAY_SIZE(fcopy_frameworks),
	.msg_max = FCOPY_MSG_MAX,
	.priv_size = sizeof(struct fcopy_state),
	.relay = &fcopy_relay_ops,
	.handle = fcopy_handle,
	.show = fcopy_show,
};

static_assert(sizeof(struct hv_start_fcopy) == 1088);
static_assert(sizeof(struct hv_do_fcopy) == 6196);
