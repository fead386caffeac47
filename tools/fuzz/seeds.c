// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the committed seed corpora (make fuzz-seeds): for each harness, the
 * messages a host sends when all goes well, in hvx's own layouts and with
 * the values hvx_sim sends, so that fuzzing starts from the paths real
 * traffic takes. Usage: seeds DIR (then DIR/NAME/NN for each harness).
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <hvx/fb.h>
#include <hvx/ic.h>
#include <hvx/input.h>
#include <hvx/nvsp.h>
#include <hvx/rndis.h>
#include <hvx/synth_hid.h>
#include <hvx/synthvid.h>
#include <hvx/vmbus_msg.h>

static const char *top;

static void seed(const char *harness, const void *a, size_t alen, const void *b, size_t blen)
{
	static const char *last;
	static unsigned int n;
	char path[512];
	FILE *f;

	if (last != harness)
		n = 0;
	last = harness;
	snprintf(path, sizeof(path), "%s/%s", top, harness);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/seed-%02u", top, harness, n++);
	f = fopen(path, "wb");
	if (!f || fwrite(a, 1, alen, f) != alen || (blen && fwrite(b, 1, blen, f) != blen) ||
	    fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* A seed the parser refuses would start the fuzzer off the real paths. */
static void must(bool accepted, const char *what)
{
	if (!accepted) {
		fprintf(stderr, "seeds: the parser refuses %s\n", what);
		exit(1);
	}
}

/* ---- VMBus channel messages ---- */

static void vmbus_header(void *msg, u32 type)
{
	((struct hvx_msg_header *)msg)->msgtype = cpu_to_le32(type);
}

static void vmbus_seed(const void *msg, u32 len)
{
	must(hvx_msg_check(msg, len) >= 0, hvx_msg_name(get_unaligned_le32(msg)));
	seed("vmbus_msg", msg, len, NULL, 0);
}

static void vmbus_seeds(void)
{
	struct hvx_msg_offer offer = { 0 };
	struct hvx_msg_version_response ver = { 0 };
	struct hvx_msg_open_result open = { 0 };
	struct hvx_msg_gpadl_created gpadl = { 0 };
	struct hvx_msg_relid rescind = { 0 };
	struct hvx_msg_modify_channel_response modify = { 0 };
	struct hvx_msg_header hdr = { 0 };

	vmbus_header(&offer, HVX_MSG_OFFERCHANNEL);
	offer.child_relid = cpu_to_le32(1);
	offer.connection_id = cpu_to_le32(0x2001);
	offer.monitor_allocated = 1;
	offer.chn_flags = cpu_to_le16(HVX_OFFER_REQUEST_MONITORED_NOTIFICATION);
	vmbus_seed(&offer, sizeof(offer));
	vmbus_header(&ver, HVX_MSG_VERSION_RESPONSE);
	ver.version_supported = 1;
	ver.msg_conn_id = cpu_to_le32(4);
	vmbus_seed(&ver, sizeof(ver));
	vmbus_header(&open, HVX_MSG_OPENCHANNEL_RESULT);
	open.child_relid = cpu_to_le32(1);
	vmbus_seed(&open, sizeof(open));
	vmbus_header(&gpadl, HVX_MSG_GPADL_CREATED);
	gpadl.child_relid = cpu_to_le32(1);
	gpadl.gpadl = cpu_to_le32(0xe1e10);
	vmbus_seed(&gpadl, sizeof(gpadl));
	vmbus_header(&rescind, HVX_MSG_RESCIND_CHANNELOFFER);
	rescind.child_relid = cpu_to_le32(1);
	vmbus_seed(&rescind, sizeof(rescind));
	vmbus_header(&modify, HVX_MSG_MODIFYCHANNEL_RESPONSE);
	modify.child_relid = cpu_to_le32(1);
	vmbus_seed(&modify, sizeof(modify));
	vmbus_header(&hdr, HVX_MSG_ALLOFFERS_DELIVERED);
	vmbus_seed(&hdr, sizeof(hdr));
	vmbus_header(&hdr, HVX_MSG_UNLOAD_RESPONSE);
	vmbus_seed(&hdr, sizeof(hdr));
}

/* ---- RNDIS and the NVSP send table (first byte: the NVSP version) ---- */

static void rndis_seed(const u8 *buf, u32 len)
{
	struct hvx_rndis_rx rx;
	u32 type;
	int n = hvx_rndis_check(buf + 1, len - 1, &type);

	must(n >= 0, "an RNDIS message");
	must(type != HVX_RNDIS_PACKET || !hvx_rndis_parse_packet(buf + 1, n, len - 1, &rx),
	     "an RNDIS packet");
	seed("rndis", buf, len, NULL, 0);
}

static void rndis_seeds(void)
{
	struct hvx_rndis_tx tx = { .csum = 1, .vlan = true, .vlan_tci = 5, .hash = true,
				   .hash_value = 0x12345678 };
	u8 buf[512] = { 4 }, mac[6] = { 0x00, 0x15, 0x5d, 0x01, 0x02, 0x03 };
	u8 table[HVX_NVSP_SEND_TABLE_SIZE];
	struct hvx_nvsp_msg *nvsp;
	u32 n, i;

	/* A frame with checksum, VLAN and hash info, as hosts deliver them. */
	n = hvx_rndis_build_packet(buf + 1, 64, &tx);
	memset(buf + 1 + n, 0xab, 64);
	rndis_seed(buf, 1 + n + 64);
	n = hvx_rndis_build_packet(buf + 1, 60, NULL);
	rndis_seed(buf, 1 + n + 60);
	/* QUERY_C with the MAC address; INDICATE media connect; INIT_C; SET_C. */
	memset(buf + 1, 0, 64);
	put_unaligned_le32(HVX_RNDIS_QUERY | HVX_RNDIS_COMPLETION, buf + 1);
	put_unaligned_le32(8 + sizeof(struct hvx_rndis_query_complete) + 6, buf + 5);
	put_unaligned_le32(7, buf + 9);
	put_unaligned_le32(6, buf + 17);
	put_unaligned_le32(sizeof(struct hvx_rndis_query_complete), buf + 21);
	memcpy(buf + 25, mac, 6);
	rndis_seed(buf, 31);
	memset(buf + 1, 0, 64);
	put_unaligned_le32(HVX_RNDIS_INDICATE, buf + 1);
	put_unaligned_le32(8 + sizeof(struct hvx_rndis_indicate), buf + 5);
	put_unaligned_le32(0x4001000b, buf + 9);	/* MEDIA_CONNECT */
	rndis_seed(buf, 1 + 8 + sizeof(struct hvx_rndis_indicate));
	memset(buf + 1, 0, 64);
	put_unaligned_le32(HVX_RNDIS_INIT | HVX_RNDIS_COMPLETION, buf + 1);
	put_unaligned_le32(8 + sizeof(struct hvx_rndis_init_complete), buf + 5);
	put_unaligned_le32(1, buf + 9);
	put_unaligned_le32(1, buf + 17);
	rndis_seed(buf, 1 + 8 + sizeof(struct hvx_rndis_init_complete));
	/* NVSP 5's send table, at the offset NVSP 6 hosts name wrongly. */
	memset(buf, 0, sizeof(buf));
	buf[0] = 4;
	nvsp = (void *)(buf + 1);
	nvsp->type = cpu_to_le32(HVX_NVSP_SEND_INDIRECTION_TABLE);
	nvsp->send_table.count = cpu_to_le32(HVX_NVSP_SEND_TABLE_SIZE);
	nvsp->send_table.offset = cpu_to_le32(12);
	for (i = 0; i < HVX_NVSP_SEND_TABLE_SIZE; i++)
		put_unaligned_le32(i % 2, buf + 1 + HVX_NVSP_SEND_TABLE_OFFSET + 4 * i);
	seed("rndis", buf, 1 + HVX_NVSP_SEND_TABLE_OFFSET + 4 * HVX_NVSP_SEND_TABLE_SIZE, NULL, 0);
	must(!hvx_nvsp_parse_send_table(buf + 1, HVX_NVSP_SEND_TABLE_OFFSET +
					 4 * HVX_NVSP_SEND_TABLE_SIZE, HVX_NVSP_VERSION_6, table),
	     "a send table");
	buf[0] = 5;
	seed("rndis", buf, 1 + HVX_NVSP_SEND_TABLE_OFFSET + 4 * HVX_NVSP_SEND_TABLE_SIZE, NULL, 0);
}

/* ---- integration services (first byte: what to run) ---- */

static void ic_seeds(void)
{
	static const u16 versions[] = { 3, 0, 1, 0, 4, 0, 3, 0, 1, 0 };	/* 2 frameworks, 3 services */
	u8 buf[64] = { 0 };
	u64 t = HVX_IC_EPOCH_DELTA + 17000000000000000ULL;
	u32 i;

	buf[1] = 2;		/* frame_count */
	buf[3] = 3;		/* msg_count */
	for (i = 0; i < ARRAY_SIZE(versions); i++)
		put_unaligned_le16(versions[i], buf + 9 + 2 * i);
	seed("ic", buf, 9 + 2 * ARRAY_SIZE(versions), NULL, 0);
	buf[0] = 64 | 32;	/* UTF-16 to UTF-8, 33 bytes of room */
	for (i = 0; i < 9; i++)
		put_unaligned_le16("hvx-guest"[i], buf + 1 + 2 * i);
	put_unaligned_le16(0xd83d, buf + 19);	/* a surrogate pair: U+1F600 */
	put_unaligned_le16(0xde00, buf + 21);
	seed("ic", buf, 23, NULL, 0);
	buf[0] = 128 | 40;	/* UTF-8 to UTF-16, 41 units of room */
	memcpy(buf + 1, "Fully Qualified Domain Name \xc3\xa9", 30);
	seed("ic", buf, 31, NULL, 0);
	buf[0] = 192;
	put_unaligned_le64(t, buf + 1);
	seed("ic", buf, 9, NULL, 0);
}

/* ---- synthetic mouse: the device description hvx_sim sends ---- */

static void hid_seeds(void)
{
	static const u8 report[] = {
		0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x09, 0x01, 0xa1, 0x00, 0x05, 0x09,
		0x19, 0x01, 0x25, 0x05, 0x95, 0x05, 0x75, 0x01, 0x15, 0x00, 0x25, 0x01,
		0x81, 0x02, 0x95, 0x01, 0x75, 0x03, 0x81, 0x01, 0x05, 0x01, 0x09, 0x30,
		0x09, 0x31, 0x15, 0x00, 0x26, 0xff, 0x7f, 0x75, 0x10, 0x95, 0x02, 0x81,
		0x02, 0x09, 0x38, 0x15, 0x81, 0x25, 0x7f, 0x75, 0x08, 0x95, 0x01, 0x81,
		0x06, 0xc0, 0xc0,
	};
	struct {
		struct hvx_hid_dev_info info;
		struct hvx_hid_class_desc desc;
	} __packed d = { 0 };

	d.info.size = cpu_to_le32(sizeof(d.info));
	d.info.vendor = cpu_to_le16(0x045e);
	d.info.product = cpu_to_le16(0x0621);
	d.info.version = cpu_to_le16(1);
	d.desc.length = sizeof(d.desc);
	d.desc.desc_type = 0x21;
	d.desc.bcd_hid = cpu_to_le16(0x0101);
	d.desc.num_desc = 1;
	d.desc.report_type = 0x22;
	d.desc.report_len = cpu_to_le16(sizeof(report));
	{
		struct hvx_hid_info info;
		u8 body[sizeof(d) + sizeof(report)];

		memcpy(body, &d, sizeof(d));
		memcpy(body + sizeof(d), report, sizeof(report));
		must(!hvx_hid_parse_device_info(body, sizeof(body), &info), "the device info");
	}
	seed("hid", &d, sizeof(d), report, sizeof(report));
}

/* ---- synthetic video: the user's mode, VRAM, then the resolution list ---- */

static void synthvid_seeds(void)
{
	static const u16 modes[][2] = { { 1024, 768 }, { 1152, 864 }, { 1280, 1024 },
					{ 1600, 1200 }, { 1920, 1080 }, { 800, 600 } };
	struct hvx_synthvid_resolution_response r = { 0 };
	u8 head[5] = { 0x20, 0x03, 0x58, 0x02, 8 };	/* 800x600, 8 MiB */
	u32 i, len = HVX_SYNTHVID_RESOLUTION_RESPONSE_MIN + sizeof(r.res[0]) * ARRAY_SIZE(modes);

	hvx_synthvid_hdr_init(&r.hdr, HVX_SYNTHVID_RESOLUTION_RESPONSE, len);
	r.count = ARRAY_SIZE(modes);
	r.default_index = 2;
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		r.res[i].width = cpu_to_le16(modes[i][0]);
		r.res[i].height = cpu_to_le16(modes[i][1]);
	}
	{
		struct hvx_fb_modes m;

		must(!hvx_fb_parse_resolutions(&r, len, &m), "the resolution list");
	}
	seed("synthvid", head, sizeof(head), &r, len);
	memset(head, 0, 4);	/* no mode asked for: the host's default */
	seed("synthvid", head, sizeof(head), &r, len);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: seeds DIR\n");
		return 2;
	}
	top = argv[1];
	mkdir(top, 0755);
	vmbus_seeds();
	rndis_seeds();
	ic_seeds();
	hid_seeds();
	synthvid_seeds();
	return 0;
}
