// SPDX-License-Identifier: GPL-2.0
/*
 * The pure parts of hvx_netvsc's RNDIS: checking what the host put in the
 * receive buffer (every length and offset against the message that holds
 * it, the per-packet info list walked with guaranteed progress) and
 * building what the guest sends.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#endif
#include <hvx/compat.h>
#include <hvx/nvsp.h>
#include <hvx/rndis.h>

#define RNDIS_HDR	sizeof(struct hvx_rndis_hdr)

/* The shortest message of each type the host may send, header included. */
static const struct {
	u32 type;
	u32 min_len;
} rndis_min_lens[] = {
	{ HVX_RNDIS_PACKET, RNDIS_HDR + sizeof(struct hvx_rndis_packet) },
	{ HVX_RNDIS_INDICATE, RNDIS_HDR + sizeof(struct hvx_rndis_indicate) },
	{ HVX_RNDIS_KEEPALIVE, RNDIS_HDR + sizeof(struct hvx_rndis_keepalive) },
	{ HVX_RNDIS_INIT | HVX_RNDIS_COMPLETION,
	  RNDIS_HDR + sizeof(struct hvx_rndis_init_complete) },
	{ HVX_RNDIS_QUERY | HVX_RNDIS_COMPLETION,
	  RNDIS_HDR + sizeof(struct hvx_rndis_query_complete) },
	{ HVX_RNDIS_SET | HVX_RNDIS_COMPLETION, RNDIS_HDR + sizeof(struct hvx_rndis_complete) },
	{ HVX_RNDIS_RESET | HVX_RNDIS_COMPLETION,
	  RNDIS_HDR + sizeof(struct hvx_rndis_complete) },
	{ HVX_RNDIS_KEEPALIVE | HVX_RNDIS_COMPLETION,
	  RNDIS_HDR + sizeof(struct hvx_rndis_complete) },
};

/**
 * hvx_rndis_check() - the framing of one message from the host
 * @msg: a private copy of at least its header and fixed body
 * @len: the bytes the range that carries it holds
 * @type: set to its type
 *
 * Return: the message's length (at most @len, at least its type's fixed
 * part); -EINVAL for a malformed one; -EOPNOTSUPP for a type the host
 * never sends a guest.
 */
int hvx_rndis_check(const void *msg, u32 len, u32 *type)
{
	const struct hvx_rndis_hdr *h = msg;
	u32 mlen, i;

	if (len < RNDIS_HDR)
		return -EINVAL;
	*type = le32_to_cpu(h->type);
	mlen = le32_to_cpu(h->len);
	for (i = 0; i < ARRAY_SIZE(rndis_min_lens); i++) {
		if (rndis_min_lens[i].type != *type)
			continue;
		if (mlen < rndis_min_lens[i].min_len || mlen > len || mlen > INT_MAX)
			return -EINVAL;
		return mlen;
	}
	return -EOPNOTSUPP;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_rndis_check);

/* Does [@off, @off + @len) lie within @size bytes? */
static bool rndis_within(u32 off, u32 len, u32 size)
{
	return off <= size && len <= size - off;
}

/* One per-packet info entry at @e, @room bytes to the list's end. */
static int rndis_ppi(const u8 *e, u32 room, struct hvx_rndis_rx *rx)
{
	const struct hvx_rndis_ppi *p = (const void *)e;
	u32 size, off, v;

	if (room < sizeof(*p))
		return -EINVAL;
	size = le32_to_cpu(p->size);
	off = le32_to_cpu(p->ppi_offset);
	/* Every entry is at least its own header long: the walk always advances. */
	if (size < sizeof(*p) || size > room || off < sizeof(*p) || off > size)
		return -EINVAL;
	if (size - off < sizeof(u32))
		return size;		/* no value: nothing we read */
	v = get_unaligned_le32(e + off);
	switch (le32_to_cpu(p->type)) {
	case HVX_RNDIS_PPI_IEEE_8021Q:
		/* NDIS: user priority in bits 0-2, CFI in 3, VLAN id in 4-15. */
		rx->vlan = true;
		rx->vlan_tci = ((v >> 4) & 0xfff) | ((v >> 3) & 1) << 12 | (v & 7) << 13;
		break;
	case HVX_RNDIS_PPI_CSUM:
		rx->csum = true;
		rx->csum_info = v;
		break;
	case HVX_RNDIS_PPI_HASH:
		rx->hash = true;
		rx->hash_value = v;
		break;
	}
	return size;
}

/**
 * hvx_rndis_parse_packet() - where a received frame lies, and its info
 * @msg: a private copy of the message's head, hvx_rndis_check()ed
 * @len: the message's length, as hvx_rndis_check() returned
 * @avail: how much of it @msg holds (the frame may lie past it, the info
 *	   list may not: it is read from @msg)
 * @rx: set to the frame's place in the message and its per-packet info
 *
 * Return: 0, or -EINVAL when the frame does not lie inside the message,
 * the info list not inside @avail, or an info entry is malformed.
 */
int hvx_rndis_parse_packet(const void *msg, u32 len, u32 avail, struct hvx_rndis_rx *rx)
{
	const struct hvx_rndis_packet *p = msg + RNDIS_HDR;
	const u8 *body = (const u8 *)p;
	u32 size = len - RNDIS_HDR, off, n, pos, end;
	int ret;

	memset(rx, 0, sizeof(*rx));
	off = le32_to_cpu(p->data_offset);
	n = le32_to_cpu(p->data_len);
	if (!n || off < sizeof(*p) || !rndis_within(off, n, size))
		return -EINVAL;
	rx->data_offset = RNDIS_HDR + off;
	rx->data_len = n;
	pos = le32_to_cpu(p->ppi_offset);
	n = le32_to_cpu(p->ppi_len);
	if (!n)
		return 0;
	if (pos < sizeof(*p) || !rndis_within(pos, n, min(size, avail - RNDIS_HDR)))
		return -EINVAL;
	for (end = pos + n; pos < end; pos += ret) {
		ret = rndis_ppi(body + pos, end - pos, rx);
		if (ret < 0)
			return ret;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_rndis_parse_packet);

/* An information buffer @off bytes from @base, which has @size bytes. */
static int rndis_info(const u8 *base, u32 size, u32 off, u32 n, u32 fixed,
		      const void **buf, u32 *buflen)
{
	*buf = NULL;
	*buflen = n;
	if (!n)
		return 0;
	if (off < fixed || !rndis_within(off, n, size))
		return -EINVAL;
	*buf = base + off;
	return 0;
}

/**
 * hvx_rndis_parse_query_complete() - a QUERY_C's status and information
 * @msg: a private copy of the message, hvx_rndis_check()ed
 * @len: its length
 * @status: set to its status
 * @buf: set to its information buffer (inside @msg), NULL when empty
 * @buflen: set to that buffer's length
 *
 * Return: 0, or -EINVAL when the buffer does not lie inside the message.
 */
int hvx_rndis_parse_query_complete(const void *msg, u32 len, u32 *status,
				   const void **buf, u32 *buflen)
{
	const struct hvx_rndis_query_complete *q = msg + RNDIS_HDR;

	*status = le32_to_cpu(q->status);
	return rndis_info((const u8 *)q, len - RNDIS_HDR, le32_to_cpu(q->info_buf_offset),
			  le32_to_cpu(q->info_buflen), sizeof(*q), buf, buflen);
}
EXPORT_SYMBOL_IF_KUNIT(hvx_rndis_parse_query_complete);

/**
 * hvx_rndis_parse_indicate() - an INDICATE's status and its buffer
 * @msg: a private copy of the message, hvx_rndis_check()ed
 * @len: its length
 * @status: set to the status it indicates
 * @buf: set to its status buffer (inside @msg), NULL when empty
 * @buflen: set to that buffer's length
 *
 * Return: 0, or -EINVAL when the buffer does not lie inside the message.
 */
int hvx_rndis_parse_indicate(const void *msg, u32 len, u32 *status, const void **buf,
			     u32 *buflen)
{
	const struct hvx_rndis_indicate *ind = msg + RNDIS_HDR;

	*status = le32_to_cpu(ind->status);
	return rndis_info((const u8 *)ind, len - RNDIS_HDR,
			  le32_to_cpu(ind->status_buf_offset), le32_to_cpu(ind->status_buflen),
			  sizeof(*ind), buf, buflen);
}
EXPORT_SYMBOL_IF_KUNIT(hvx_rndis_parse_indicate);

/**
 * hvx_rndis_packet_hdr_len() - the length of the header in front of a frame
 * @tx: the frame's per-packet info, or NULL for none
 */
u32 hvx_rndis_packet_hdr_len(const struct hvx_rndis_tx *tx)
{
	if (!tx)
		return HVX_RNDIS_PACKET_HDR;
	return HVX_RNDIS_PACKET_HDR +
	       HVX_RNDIS_PPI_ENTRY * (!!tx->csum + !!tx->lso + tx->vlan + tx->hash);
}
EXPORT_SYMBOL_IF_KUNIT(hvx_rndis_packet_hdr_len);

static u8 *rndis_put_ppi(u8 *e, u32 type, u32 value)
{
	struct hvx_rndis_ppi *p = (void *)e;

	p->size = cpu_to_le32(HVX_RNDIS_PPI_ENTRY);
	p->type = cpu_to_le32(type);
	p->ppi_offset = cpu_to_le32(sizeof(*p));
	put_unaligned_le32(value, e + sizeof(*p));
	return e + HVX_RNDIS_PPI_ENTRY;
}

/**
 * hvx_rndis_build_packet() - the RNDIS header in front of a frame
 * @hdr: hvx_rndis_packet_hdr_len(@tx) bytes, right before the frame
 * @data_len: the frame's length
 * @tx: its per-packet info (checksum, LSO, VLAN, hash entries, in that
 *	order), or NULL for none
 *
 * Return: the header's length.
 */
u32 hvx_rndis_build_packet(void *hdr, u32 data_len, const struct hvx_rndis_tx *tx)
{
	u32 len = hvx_rndis_packet_hdr_len(tx), ppi_len = len - HVX_RNDIS_PACKET_HDR;
	struct hvx_rndis_hdr *h = hdr;
	struct hvx_rndis_packet *p = hdr + RNDIS_HDR;
	u8 *e = hdr + HVX_RNDIS_PACKET_HDR;
	u16 tci;

	memset(hdr, 0, HVX_RNDIS_PACKET_HDR);
	h->type = cpu_to_le32(HVX_RNDIS_PACKET);
	h->len = cpu_to_le32(len + data_len);
	p->data_offset = cpu_to_le32(sizeof(*p) + ppi_len);
	p->data_len = cpu_to_le32(data_len);
	if (!ppi_len)
		return len;
	p->ppi_offset = cpu_to_le32(sizeof(*p));
	p->ppi_len = cpu_to_le32(ppi_len);
	if (tx->csum)
		e = rndis_put_ppi(e, HVX_RNDIS_PPI_CSUM, tx->csum);
	if (tx->lso)
		e = rndis_put_ppi(e, HVX_RNDIS_PPI_LSO, tx->lso);
	if (tx->vlan) {
		tci = tx->vlan_tci;
		e = rndis_put_ppi(e, HVX_RNDIS_PPI_IEEE_8021Q,
				  (tci & 0xfff) << 4 | ((tci >> 12) & 1) << 3 | tci >> 13);
	}
	if (tx->hash)
		rndis_put_ppi(e, HVX_RNDIS_PPI_HASH, tx->hash_value);
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_rndis_build_packet);

/* @n ASCII characters of @str as UTF-16LE at @dst. */
static void rndis_put_utf16(u8 *dst, const char *str, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		put_unaligned_le16(str[i], dst + 2 * i);
}

/**
 * hvx_rndis_build_mac_param() - the SET buffer that gives the adapter a MAC
 * @buf: HVX_RNDIS_MAC_PARAM_LEN bytes
 * @mac: the address
 *
 * Return: its length, HVX_RNDIS_MAC_PARAM_LEN.
 */
u32 hvx_rndis_build_mac_param(void *buf, const u8 *mac)
{
	static const char name[] = "NetworkAddress";
	struct hvx_rndis_config_param *c = buf;
	char value[2 * 6 + 1];
	u32 name_len = 2 * (sizeof(name) - 1);

	snprintf(value, sizeof(value), "%pm", mac);
	c->name_offset = cpu_to_le32(sizeof(*c));
	c->name_len = cpu_to_le32(name_len);
	c->type = cpu_to_le32(HVX_RNDIS_CONFIG_STRING);
	c->value_offset = cpu_to_le32(sizeof(*c) + name_len);
	c->value_len = cpu_to_le32(2 * (sizeof(value) - 1));
	rndis_put_utf16(buf + sizeof(*c), name, sizeof(name) - 1);
	rndis_put_utf16(buf + sizeof(*c) + name_len, value, sizeof(value) - 1);
	return HVX_RNDIS_MAC_PARAM_LEN;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_rndis_build_mac_param);

/**
 * hvx_rndis_build_request() - a control request: INIT, QUERY, SET or HALT
 * @buf: room for the message: its header, body and @info_len
 * @type: HVX_RNDIS_INIT, _QUERY, _SET or _HALT
 * @req_id: its request id
 * @oid: QUERY and SET: the object
 * @info: SET: the value (QUERY: what the host may use to answer), or NULL
 * @info_len: its length
 *
 * Return: the message's length; 0 for another @type.
 */
u32 hvx_rndis_build_request(void *buf, u32 type, u32 req_id, u32 oid, const void *info,
			    u32 info_len)
{
	struct hvx_rndis_hdr *h = buf;
	struct hvx_rndis_init *init = buf + RNDIS_HDR;
	struct hvx_rndis_query *q = buf + RNDIS_HDR;
	u32 len;

	switch (type) {
	case HVX_RNDIS_INIT:
		len = RNDIS_HDR + sizeof(*init);
		memset(buf, 0, len);
		init->req_id = cpu_to_le32(req_id);
		init->major = cpu_to_le32(1);
		init->max_xfer_size = cpu_to_le32(0x4000);
		break;
	case HVX_RNDIS_QUERY:
	case HVX_RNDIS_SET:
		len = RNDIS_HDR + sizeof(*q) + info_len;
		memset(buf, 0, len);
		q->req_id = cpu_to_le32(req_id);
		q->oid = cpu_to_le32(oid);
		q->info_buflen = cpu_to_le32(info_len);
		q->info_buf_offset = cpu_to_le32(info_len ? sizeof(*q) : 0);
		if (info_len)
			memcpy(q + 1, info, info_len);
		break;
	case HVX_RNDIS_HALT:
		len = RNDIS_HDR + sizeof(__le32);
		memset(buf, 0, len);
		q->req_id = cpu_to_le32(req_id);
		break;
	default:
		return 0;
	}
	h->type = cpu_to_le32(type);
	h->len = cpu_to_le32(len);
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_rndis_build_request);

/**
 * hvx_rndis_build_rss_params() - OID_GEN_RECEIVE_SCALE_PARAMETERS' value
 * @buf: room for hvx_ndis_rss_params, @entries u32 and the key
 * @hash_info: HVX_NDIS_HASH_* (Toeplitz and the header fields hashed)
 * @table: the indirection table: a queue (channel) number per entry
 * @entries: its size, at most HVX_RSS_TABLE_MAX
 * @key: HVX_RSS_KEY_LEN bytes of Toeplitz key
 *
 * The table follows the header, the key follows the table.
 * Return: the value's length.
 */
u32 hvx_rndis_build_rss_params(void *buf, u32 hash_info, const u32 *table, u32 entries,
			       const u8 *key)
{
	struct hvx_ndis_rss_params *p = buf;
	u32 size = entries * sizeof(__le32), i;
	__le32 *entry = (__le32 *)(p + 1);

	memset(p, 0, sizeof(*p));
	p->header.type = HVX_NDIS_OBJECT_RSS_PARAMS;
	p->header.revision = HVX_NDIS_RSS_REVISION;
	p->header.size = cpu_to_le16(sizeof(*p));
	p->hash_info = cpu_to_le32(hash_info);
	p->table_size = cpu_to_le16(size);
	p->table_offset = cpu_to_le32(sizeof(*p));
	p->key_size = cpu_to_le16(HVX_RSS_KEY_LEN);
	p->key_offset = cpu_to_le32(sizeof(*p) + size);
	for (i = 0; i < entries; i++)
		entry[i] = cpu_to_le32(table[i]);
	memcpy((u8 *)(p + 1) + size, key, HVX_RSS_KEY_LEN);
	return sizeof(*p) + size + HVX_RSS_KEY_LEN;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_rndis_build_rss_params);

/**
 * hvx_nvsp_parse_send_table() - the host's SEND_INDIRECTION_TABLE
 * @msg: the packet's payload: an NVSP message, then the table somewhere
 * @len: its length
 * @nvsp_version: the version in use: up to 6, hosts name a wrong offset
 *		  and the table sits right after the 40-byte message
 * @table: HVX_NVSP_SEND_TABLE_SIZE queue numbers (each capped at 255)
 *
 * Return: 0; -EPROTO for a count other than 16 or a table past @len.
 */
int hvx_nvsp_parse_send_table(const void *msg, u32 len, u32 nvsp_version, u8 *table)
{
	const struct hvx_nvsp_msg *m = msg;
	u32 off, i;

	if (len < sizeof(*m) ||
	    le32_to_cpu(m->send_table.count) != HVX_NVSP_SEND_TABLE_SIZE)
		return -EPROTO;
	off = nvsp_version <= HVX_NVSP_VERSION_6 ? HVX_NVSP_SEND_TABLE_OFFSET :
		le32_to_cpu(m->send_table.offset);
	if (off > len || len - off < HVX_NVSP_SEND_TABLE_SIZE * sizeof(__le32))
		return -EPROTO;
	for (i = 0; i < HVX_NVSP_SEND_TABLE_SIZE; i++)
		table[i] = min_t(u32, get_unaligned_le32(msg + off + i * 4), U8_MAX);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_nvsp_parse_send_table);
