// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of the integration services: heartbeat, shutdown and time
 * sync here, KVP, VSS and file copy in ic_relay.c (which takes the common
 * commands too). As on Hyper-V, the host speaks first: NEGOTIATE as soon as the
 * guest opens the channel, then requests when the control interface asks
 * (write "relid command" to hvx_sim/control):
 *   all services (the others answer -EOPNOTSUPP on the wrong service):
 *     versions A.B[,C.D...]  service versions offered at the next NEGOTIATE
 *     negotiate              NEGOTIATE again now
 *     malformed              a NEGOTIATE claiming 200 versions
 *     truncated              a request whose msgsize exceeds the packet
 *     unknown_type           a request of IC message type 42
 *   heartbeat:  beat              a heartbeat, sequence number 10 more each time
 *   shutdown:   request FLAGS     a shutdown request (reason 0x80020003)
 *   timesync:   sync SECONDS      set the guest's clock to ours + SECONDS
 *               sample SECONDS    a sample of ours + SECONDS
 *               old_sample AGE    a sample stamped AGE seconds before it is sent
 *                                 (negative: after, a stamp from the future)
 * State: "framework=A.B version=A.B answers=N status=0xN seq=N bad=N".
 */
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <hvx/ic.h>
#include <hvx/ring.h>
#include <hvx/vmbus_classes.h>
#include "ic.h"

/* What each service offers until told otherwise, newest first. */
static const u32 ic_default_offer[][3] = {
	[HVX_IC_HEARTBEAT] = { HVX_IC_VERSION(3, 0), HVX_IC_VERSION(1, 0) },
	[HVX_IC_KVP] = { HVX_IC_VERSION(4, 0), HVX_IC_VERSION(3, 0), HVX_IC_VERSION(1, 0) },
	[HVX_IC_VSS] = { HVX_IC_VERSION(5, 0) },
	[HVX_IC_FCOPY] = { HVX_IC_VERSION(1, 1) },
	[HVX_IC_SHUTDOWN] = { HVX_IC_VERSION(3, 2), HVX_IC_VERSION(3, 0), HVX_IC_VERSION(1, 0) },
	[HVX_IC_TIMESYNC] = { HVX_IC_VERSION(4, 0), HVX_IC_VERSION(3, 0), HVX_IC_VERSION(1, 0) },
};

static const u32 ic_frameworks[] = { HVX_IC_VERSION(3, 0), HVX_IC_VERSION(1, 0) };

u16 sim_ic_msgtype(const struct sim_device *dev)
{
	static const struct {
		const struct sim_backend *backend;
		u16 msgtype;
	} map[] = {
		{ &sim_heartbeat_backend, HVX_IC_HEARTBEAT },
		{ &sim_shutdown_backend, HVX_IC_SHUTDOWN },
		{ &sim_timesync_backend, HVX_IC_TIMESYNC },
		{ &sim_kvp_backend, HVX_IC_KVP },
		{ &sim_vss_backend, HVX_IC_VSS },
		{ &sim_fcopy_backend, HVX_IC_FCOPY },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (dev->backend == map[i].backend)
			break;
	return map[i].msgtype;
}

static void ic_put_version(struct hvx_ic_version *v, u32 version)
{
	v->major = cpu_to_le16(version >> 16);
	v->minor = cpu_to_le16(version & 0xffff);
}

/* A request: header, then @len bytes of @body, @extra claimed but not sent. */
int sim_ic_send(struct sim_device *dev, struct sim_channel *ch, u16 type,
		const void *body, u32 len, u32 extra)
{
	struct sim_ic *ic = dev->state;
	struct hvx_ic_hdr *hdr;
	u32 size = sizeof(*hdr) + len;
	int ret;

	hdr = kzalloc(size, GFP_KERNEL);
	if (!hdr)
		return -ENOMEM;
	hdr->pipe_size = cpu_to_le32(size - 8);
	ic_put_version(&hdr->frame, ic->agreed.framework ?: ic_frameworks[0]);
	ic_put_version(&hdr->msgver, ic->agreed.service ?: ic->offer[0]);
	hdr->msgtype = cpu_to_le16(type);
	hdr->msgsize = cpu_to_le16(len + extra);
	hdr->trans_id = ++ic->trans_id;
	hdr->flags = HVX_IC_FLAG_TRANSACTION | HVX_IC_FLAG_REQUEST;
	memcpy(hdr + 1, body, len);
	ret = ch ? sim_chan_send(ch, HVX_VMPKT_DATA_INBAND, 0, hdr->trans_id, hdr, size) :
		   sim_device_send(dev, HVX_VMPKT_DATA_INBAND, 0, hdr->trans_id, hdr, size);
	kfree(hdr);
	return ret;
}

static int ic_send_negotiate(struct sim_device *dev, struct sim_channel *ch, u32 claim)
{
	struct sim_ic *ic = dev->state;
	u8 buf[sizeof(struct hvx_ic_negotiate) +
	       (ARRAY_SIZE(ic_frameworks) + IC_MAX_OFFER) * sizeof(struct hvx_ic_version)] = {};
	struct hvx_ic_negotiate *neg = (void *)buf;
	u32 i, n = 0;

	for (i = 0; i < ARRAY_SIZE(ic_frameworks); i++)
		ic_put_version(&neg->versions[n++], ic_frameworks[i]);
	for (i = 0; i < ic->nr_offer; i++)
		ic_put_version(&neg->versions[n++], ic->offer[i]);
	neg->frame_count = cpu_to_le16(ARRAY_SIZE(ic_frameworks));
	neg->msg_count = cpu_to_le16(claim ?: ic->nr_offer);
	memset(&ic->agreed, 0, sizeof(ic->agreed));
	return sim_ic_send(dev, ch, HVX_IC_NEGOTIATE, buf,
		       sizeof(*neg) + n * sizeof(neg->versions[0]), 0);
}

void sim_ic_opened(struct sim_channel *ch)
{
	ic_send_negotiate(sim_chan_device(ch), ch, 0);
}

static u32 ic_version_of(const struct hvx_ic_version *v)
{
	return HVX_IC_VERSION(le16_to_cpu(v->major), le16_to_cpu(v->minor));
}

/* The guest's NEGOTIATE answer: one framework and one service version, or none. */
static void ic_on_negotiated(struct sim_ic *ic, const u8 *body, u32 len)
{
	const struct hvx_ic_negotiate *neg = (const void *)body;

	if (len < sizeof(*neg) || (neg->frame_count && len < HVX_IC_NEGOTIATE_ANSWER)) {
		ic->bad++;
		return;
	}
	if (le16_to_cpu(neg->frame_count) == 1 && le16_to_cpu(neg->msg_count) == 1) {
		WRITE_ONCE(ic->agreed.framework, ic_version_of(&neg->versions[0]));
		WRITE_ONCE(ic->agreed.service, ic_version_of(&neg->versions[1]));
	}
}

void sim_ic_handle_packet(struct sim_channel *ch, const struct hvx_ring_pkt *pkt,
			  const u8 *packet)
{
	const struct hvx_ic_hdr *hdr = (const void *)(packet + pkt->offset);
	struct sim_ic *ic = sim_chan_state(ch);
	u32 len = hvx_ring_payload_len(pkt), body;
	const struct hvx_ic_heartbeat *hb;

	if (pkt->type != HVX_VMPKT_DATA_INBAND || len < sizeof(*hdr) ||
	    hdr->flags != (HVX_IC_FLAG_TRANSACTION | HVX_IC_FLAG_RESPONSE) ||
	    le16_to_cpu(hdr->msgsize) > len - sizeof(*hdr)) {
		ic->bad++;
		return;
	}
	body = le16_to_cpu(hdr->msgsize);
	WRITE_ONCE(ic->status, le32_to_cpu(hdr->status));
	WRITE_ONCE(ic->answers, ic->answers + 1);
	switch (le16_to_cpu(hdr->msgtype)) {
	case HVX_IC_NEGOTIATE:
		ic_on_negotiated(ic, (const u8 *)(hdr + 1), body);
		break;
	case HVX_IC_HEARTBEAT:
		hb = (const void *)(hdr + 1);
		if (body >= sizeof(hb->seq))
			WRITE_ONCE(ic->seq_answer, le64_to_cpu(hb->seq));
		break;
	default:
		if (ic->relay)
			sim_ic_relay_answer(ch, le32_to_cpu(hdr->status), (const u8 *)(hdr + 1),
					    body);
	}
}

/* ---- control ------------------------------------------------------------ */

static int ic_versions(struct sim_device *dev, char *args)
{
	struct sim_ic *ic = dev->state;
	u32 offer[IC_MAX_OFFER], n = 0, major, minor;
	char *v;

	while ((v = strsep(&args, ",")) && *v) {
		if (n == IC_MAX_OFFER || sscanf(v, "%u.%u", &major, &minor) != 2 ||
		    major > 0xffff || minor > 0xffff)
			return -EINVAL;
		offer[n++] = HVX_IC_VERSION(major, minor);
	}
	if (!n)
		return -EINVAL;
	memcpy(ic->offer, offer, sizeof(offer));
	ic->nr_offer = n;
	return 0;
}

static int ic_negotiate(struct sim_device *dev, char *args)
{
	return ic_send_negotiate(dev, NULL, 0);
}

static int ic_malformed(struct sim_device *dev, char *args)
{
	return ic_send_negotiate(dev, NULL, 200);
}

static int ic_truncated(struct sim_device *dev, char *args)
{
	struct hvx_ic_heartbeat hb = {};

	return sim_ic_send(dev, NULL, sim_ic_msgtype(dev), &hb, 8, 64);
}

static int ic_unknown_type(struct sim_device *dev, char *args)
{
	struct hvx_ic_heartbeat hb = {};

	return sim_ic_send(dev, NULL, 42, &hb, sizeof(hb), 0);
}

static int ic_beat(struct sim_device *dev, char *args)
{
	struct sim_ic *ic = dev->state;
	struct hvx_ic_heartbeat hb = {};

	if (sim_ic_msgtype(dev) != HVX_IC_HEARTBEAT)
		return -EOPNOTSUPP;
	ic->seq += 10;
	hb.seq = cpu_to_le64(ic->seq);
	return sim_ic_send(dev, NULL, HVX_IC_HEARTBEAT, &hb, sizeof(hb), 0);
}

static int ic_shutdown_request(struct sim_device *dev, char *args)
{
	struct hvx_ic_shutdown *req;
	u32 flags;
	int ret;

	if (sim_ic_msgtype(dev) != HVX_IC_SHUTDOWN)
		return -EOPNOTSUPP;
	if (kstrtou32(args, 0, &flags))
		return -EINVAL;
	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	req->reason = cpu_to_le32(0x80020003);	/* planned, operating system */
	req->flags = cpu_to_le32(flags);
	strscpy(req->message, "hvx_sim asks", sizeof(req->message));
	ret = sim_ic_send(dev, NULL, HVX_IC_SHUTDOWN, req, sizeof(*req), 0);
	kfree(req);
	return ret;
}

/* Our time + @offset_s, in Hyper-V's units; stamped @age_s in the past. */
static int ic_send_time(struct sim_device *dev, u8 flags, s64 offset_s, s32 age_s)
{
	struct sim_ic *ic = dev->state;
	u64 t = div_u64(ktime_get_real_ns(), 100) + HVX_IC_EPOCH_DELTA +
		offset_s * 10000000LL - age_s * 10000000LL;
	struct hvx_ic_timesync4 m4 = {
		.parent_time = cpu_to_le64(t),
		.ref_time = cpu_to_le64(sim_reference_time() - age_s * 10000000LL),
		.flags = flags,
	};
	struct hvx_ic_timesync m3 = {
		.parent_time = cpu_to_le64(t),
		.flags = flags,
	};

	if (sim_ic_msgtype(dev) != HVX_IC_TIMESYNC)
		return -EOPNOTSUPP;
	if (ic->agreed.service >= HVX_IC_VERSION(4, 0))
		return sim_ic_send(dev, NULL, HVX_IC_TIMESYNC, &m4, sizeof(m4), 0);
	return sim_ic_send(dev, NULL, HVX_IC_TIMESYNC, &m3, sizeof(m3), 0);
}

static int ic_time(struct sim_device *dev, char *args, u8 flags)
{
	s64 offset;

	if (kstrtos64(args, 0, &offset) || offset < -3600LL * 24 * 365 ||
	    offset > 3600LL * 24 * 365)
		return -EINVAL;
	return ic_send_time(dev, flags, offset, 0);
}

static int ic_sync(struct sim_device *dev, char *args)
{
	return ic_time(dev, args, HVX_IC_TIME_SYNC);
}

static int ic_sample(struct sim_device *dev, char *args)
{
	return ic_time(dev, args, HVX_IC_TIME_SAMPLE);
}

static int ic_old_sample(struct sim_device *dev, char *args)
{
	s32 age;

	/* The partition is an hour old when the guest boots. */
	if (kstrtos32(args, 0, &age) || age > 3600 || age < -3600)
		return -EINVAL;
	return ic_send_time(dev, HVX_IC_TIME_SAMPLE, 0, age);
}

const struct sim_command sim_ic_commands[SIM_IC_NR_COMMANDS] = {
	{ "versions", ic_versions },
	{ "negotiate", ic_negotiate },
	{ "malformed", ic_malformed },
	{ "truncated", ic_truncated },
	{ "unknown_type", ic_unknown_type },
};

/* Heartbeat, shutdown and time sync share one table: each refuses the others'. */
static const struct sim_command ic_commands[] = {
	{ "beat", ic_beat },
	{ "request", ic_shutdown_request },
	{ "sync", ic_sync },
	{ "sample", ic_sample },
	{ "old_sample", ic_old_sample },
};

void sim_ic_show(struct sim_device *dev, struct seq_file *s)
{
	struct sim_ic *ic = dev->state;
	u32 fw = READ_ONCE(ic->agreed.framework), v = READ_ONCE(ic->agreed.service);

	seq_printf(s, " framework=%u.%u version=%u.%u answers=%llu status=%#x seq=%llu bad=%llu",
		   fw >> 16, fw & 0xffff, v >> 16, v & 0xffff, READ_ONCE(ic->answers),
		   READ_ONCE(ic->status), READ_ONCE(ic->seq_answer), READ_ONCE(ic->bad));
	if (ic->relay)
		sim_ic_relay_show(dev, s);
}

int sim_ic_init(struct sim_device *dev)
{
	struct sim_ic *ic = dev->state;
	u16 type = sim_ic_msgtype(dev);
	const u32 *offer = ic_default_offer[type];

	while (ic->nr_offer < 3 && offer[ic->nr_offer]) {
		ic->offer[ic->nr_offer] = offer[ic->nr_offer];
		ic->nr_offer++;
	}
	if (type == HVX_IC_KVP || type == HVX_IC_VSS || type == HVX_IC_FCOPY)
		return sim_ic_relay_init(dev);
	return 0;
}

void sim_ic_release(struct sim_device *dev)
{
	struct sim_ic *ic = dev->state;

	if (ic->relay)
		sim_ic_relay_release(dev);
}

const struct sim_backend sim_heartbeat_backend = {
	IC_BACKEND("heartbeat", HVX_CLASS_HEARTBEAT),
	.commands = ic_commands,
	.nr_commands = ARRAY_SIZE(ic_commands),
};

const struct sim_backend sim_shutdown_backend = {
	IC_BACKEND("shutdown", HVX_CLASS_SHUTDOWN),
	.commands = ic_commands,
	.nr_commands = ARRAY_SIZE(ic_commands),
};

const struct sim_backend sim_timesync_backend = {
	IC_BACKEND("timesync", HVX_CLASS_TIMESYNC),
	.commands = ic_commands,
	.nr_commands = ARRAY_SIZE(ic_commands),
};
