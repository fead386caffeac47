// SPDX-License-Identifier: GPL-2.0
/*
 * VMBus channel messages: what each type must look like when the host sends
 * it. One row per type; the connection's dispatcher checks every message
 * here, on its private copy, before any handler sees it.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#endif
#include <hvx/vmbus_msg.h>

struct msg_rule {
	const char *name;
	u16 size;		/* host messages: the least length accepted */
	u16 relid_at;		/* offset of child_relid, or 0 */
	bool from_host;
};

#define HOST_MSG(type, layout, relid)					\
	[HVX_MSG_##type] = { #type, sizeof(struct layout), relid, true }
#define GUEST_MSG(type)							\
	[HVX_MSG_##type] = { #type, 0, 0, false }
#define RELID(layout)	offsetof(struct layout, child_relid)

static const struct msg_rule msg_rules[HVX_MSG_COUNT] = {
	HOST_MSG(OFFERCHANNEL, hvx_msg_offer, RELID(hvx_msg_offer)),
	HOST_MSG(RESCIND_CHANNELOFFER, hvx_msg_relid, RELID(hvx_msg_relid)),
	HOST_MSG(ALLOFFERS_DELIVERED, hvx_msg_header, 0),
	HOST_MSG(OPENCHANNEL_RESULT, hvx_msg_open_result, RELID(hvx_msg_open_result)),
	HOST_MSG(GPADL_CREATED, hvx_msg_gpadl_created, RELID(hvx_msg_gpadl_created)),
	HOST_MSG(GPADL_TORNDOWN, hvx_msg_gpadl_torndown, 0),
	HOST_MSG(VERSION_RESPONSE, hvx_msg_version_response, 0),
	HOST_MSG(UNLOAD_RESPONSE, hvx_msg_header, 0),
	HOST_MSG(MODIFYCHANNEL_RESPONSE, hvx_msg_modify_channel_response,
		 RELID(hvx_msg_modify_channel_response)),
	GUEST_MSG(REQUESTOFFERS),
	GUEST_MSG(OPENCHANNEL),
	GUEST_MSG(CLOSECHANNEL),
	GUEST_MSG(GPADL_HEADER),
	GUEST_MSG(GPADL_BODY),
	GUEST_MSG(GPADL_TEARDOWN),
	GUEST_MSG(RELID_RELEASED),
	GUEST_MSG(INITIATE_CONTACT),
	GUEST_MSG(UNLOAD),
	GUEST_MSG(TL_CONNECT_REQUEST),
	GUEST_MSG(MODIFYCHANNEL),
	GUEST_MSG(TL_CONNECT_RESULT),
};

/**
 * hvx_msg_name() - name of a channel message type, for logs
 * @type: the message type
 */
const char *hvx_msg_name(u32 type)
{
	if (type < HVX_MSG_COUNT && msg_rules[type].name)
		return msg_rules[type].name;
	return "UNKNOWN";
}
EXPORT_SYMBOL_GPL(hvx_msg_name);

/**
 * hvx_msg_check() - check a channel message from the host
 * @msg: the message, already copied to private memory
 * @len: its length as the host gave it
 *
 * Return: the message type; -EBADMSG when it is shorter than its type's
 * layout; -EMSGSIZE when longer than a SynIC payload; -EPROTO for a type the
 * host never sends; -ERANGE for a relid outside 1..HVX_MAX_RELID-1.
 */
int hvx_msg_check(const void *msg, u32 len)
{
	const struct hvx_msg_header *hdr = msg;
	const struct msg_rule *rule;
	__le32 relid;
	u32 type;

	if (len < sizeof(*hdr))
		return -EBADMSG;
	if (len > HVX_MSG_MAX_SIZE)
		return -EMSGSIZE;
	type = le32_to_cpu(hdr->msgtype);
	if (type >= HVX_MSG_COUNT || !msg_rules[type].from_host)
		return -EPROTO;
	rule = &msg_rules[type];
	if (len < rule->size)
		return -EBADMSG;
	if (rule->relid_at) {
		memcpy(&relid, (const u8 *)msg + rule->relid_at, sizeof(relid));
		if (!le32_to_cpu(relid) || le32_to_cpu(relid) >= HVX_MAX_RELID)
			return -ERANGE;
	}
	return type;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_msg_check);
