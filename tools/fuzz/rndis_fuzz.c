// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: RNDIS messages in the receive buffer and the NVSP send
 * table (drivers/net/rndis.c), used as netvsc_rx_message() uses them: the
 * whole range the host filled, and a private copy of its head. A frame or
 * an information buffer the parsers hand out lies inside the message; the
 * per-packet info list is read from the copy alone.
 *
 * Input: u8 choosing the NVSP version, then the message.
 */
#include <hvx/nvsp.h>
#include <hvx/rndis.h>
#include "fuzz.h"

#define HEAD_MAX	(HVX_RNDIS_PACKET_HDR + 256)	/* netvsc's rx_msg */

static void packet(const u8 *range, const u8 *head, u32 mlen, u32 avail)
{
	struct hvx_rndis_rx rx;

	if (hvx_rndis_parse_packet(head, mlen, avail, &rx))
		return;
	fuzz_check(rx.data_len && rx.data_offset <= mlen && rx.data_len <= mlen - rx.data_offset);
	fuzz_touch(range + rx.data_offset, rx.data_len);
}

static void control(const u8 *head, u32 type, u32 mlen)
{
	const void *buf;
	u32 status, n;
	int ret;

	if (type == HVX_RNDIS_INDICATE)
		ret = hvx_rndis_parse_indicate(head, mlen, &status, &buf, &n);
	else if (type == (HVX_RNDIS_QUERY | HVX_RNDIS_COMPLETION))
		ret = hvx_rndis_parse_query_complete(head, mlen, &status, &buf, &n);
	else
		return;
	if (ret)
		return;
	fuzz_check(!n || fuzz_inside(buf, n, head, mlen));
	if (n)
		fuzz_touch(buf, n);
}

static void send_table(const u8 *msg, u32 len, u32 version)
{
	u8 table[HVX_NVSP_SEND_TABLE_SIZE];

	hvx_nvsp_parse_send_table(msg, len, version, table);
}

static const u32 nvsp_versions[] = {
	HVX_NVSP_VERSION_1, HVX_NVSP_VERSION_2, HVX_NVSP_VERSION_4,
	HVX_NVSP_VERSION_5, HVX_NVSP_VERSION_6, HVX_NVSP_VERSION_61,
};

int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	u32 head_len, type, version;
	u8 *range, *head;
	int mlen;

	if (len < 1 || len > 1 << 20)
		return 0;
	version = nvsp_versions[data[0] % ARRAY_SIZE(nvsp_versions)];
	range = fuzz_copy(data + 1, len - 1);
	len--;
	send_table(range, len, version);

	head_len = min_t(u32, len, HEAD_MAX);
	head = fuzz_copy(range, head_len);
	mlen = hvx_rndis_check(head, len, &type);
	if (mlen >= 0) {
		fuzz_check((u32)mlen <= len && mlen >= (int)sizeof(struct hvx_rndis_hdr));
		if (type == HVX_RNDIS_PACKET)
			packet(range, head, mlen, head_len);
		else if ((u32)mlen <= head_len)
			control(head, type, mlen);
	}
	free(head);
	free(range);
	return 0;
}
