// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: VMBus channel messages as the host sends them
 * (vmbus/msg.c). A message hvx_msg_check() accepts must hold its type's
 * whole layout, which the harness then reads, and name a relid the event
 * page can index.
 */
#include <hvx/vmbus_msg.h>
#include "fuzz.h"

static u32 layout_size(int type)
{
	switch (type) {
	case HVX_MSG_OFFERCHANNEL:		return sizeof(struct hvx_msg_offer);
	case HVX_MSG_RESCIND_CHANNELOFFER:	return sizeof(struct hvx_msg_relid);
	case HVX_MSG_OPENCHANNEL_RESULT:	return sizeof(struct hvx_msg_open_result);
	case HVX_MSG_GPADL_CREATED:		return sizeof(struct hvx_msg_gpadl_created);
	case HVX_MSG_GPADL_TORNDOWN:		return sizeof(struct hvx_msg_gpadl_torndown);
	case HVX_MSG_VERSION_RESPONSE:		return sizeof(struct hvx_msg_version_response);
	case HVX_MSG_MODIFYCHANNEL_RESPONSE:
		return sizeof(struct hvx_msg_modify_channel_response);
	default:				return sizeof(struct hvx_msg_header);
	}
}

static u32 relid_of(const u8 *msg, int type)
{
	switch (type) {
	case HVX_MSG_OFFERCHANNEL:
		return get_unaligned_le32(msg + offsetof(struct hvx_msg_offer, child_relid));
	case HVX_MSG_RESCIND_CHANNELOFFER:
		return get_unaligned_le32(msg + offsetof(struct hvx_msg_relid, child_relid));
	case HVX_MSG_OPENCHANNEL_RESULT:
		return get_unaligned_le32(msg + offsetof(struct hvx_msg_open_result, child_relid));
	case HVX_MSG_GPADL_CREATED:
		return get_unaligned_le32(msg + offsetof(struct hvx_msg_gpadl_created, child_relid));
	case HVX_MSG_MODIFYCHANNEL_RESPONSE:
		return get_unaligned_le32(msg +
			offsetof(struct hvx_msg_modify_channel_response, child_relid));
	default:
		return 1;
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	u8 *msg = fuzz_copy(data, len);
	int type = hvx_msg_check(msg, len);

	if (type >= 0) {
		fuzz_check(len <= HVX_MSG_MAX_SIZE && type < HVX_MSG_COUNT);
		fuzz_check(strcmp(hvx_msg_name(type), "UNKNOWN") != 0);
		fuzz_touch(msg, layout_size(type));
		fuzz_check(relid_of(msg, type) > 0 && relid_of(msg, type) < HVX_MAX_RELID);
	} else {
		fuzz_check(type == -EBADMSG || type == -EMSGSIZE || type == -EPROTO ||
			   type == -ERANGE);
	}
	free(msg);
	return 0;
}
