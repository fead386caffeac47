// SPDX-License-Identifier: GPL-2.0
/*
 * Key-value pair exchange (KVP): the host gets, sets, deletes and
 * enumerates keys in the guest's pools and gets or sets an adapter's IP
 * configuration; hv_kvp_daemon does the work. Both sides use Linux's
 * struct hv_kvp_msg (struct hv_kvp_ip_msg for the IP operations on the
 * wire), but the host's strings are UTF-16LE with sizes in bytes and the
 * daemon's are UTF-8 with their NUL counted.
 *
 * The first NEGOTIATE waits for a daemon, at most kvp_wait_s, so that what
 * the host sends right after it (a failover IP configuration, say) finds
 * one; after that a request with no daemon fails at once.
 */
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/workqueue.h>
#include <uapi/linux/hyperv.h>
#include <hvx/compat.h>
#include "relay.h"

static unsigned int kvp_wait_s = 55;
module_param(kvp_wait_s, uint, 0644);
MODULE_PARM_DESC(kvp_wait_s,
		 "Seconds the first KVP negotiation waits for hv_kvp_daemon (default 55)");

static const u32 kvp_versions[] = {
	HVX_IC_VERSION(4, 0), HVX_IC_VERSION(3, 0), HVX_IC_VERSION(1, 0),
};

/* The daemon reports it to the host as IntegrationServicesVersion. */
#define KVP_DRIVER_VERSION	"3.1"
#define KVP_BODY		offsetof(struct hv_kvp_msg, body)
#define KVP_MSG_MAX		8192

struct kvp_state {
	struct util_dev *u;
	struct delayed_work hold_work;
	bool held;			/* the first NEGOTIATE waits for a daemon */
	u8 op;				/* of the request at the daemon */
	u64 malformed;			/* from the host */
	u64 bad_answers;		/* from the daemon */
};

/* A host string, @bytes long, as the daemon's UTF-8: its size with the NUL. */
static int kvp_str_in(const void *src, u32 bytes, u32 max, u8 *dst, u32 size)
{
	int n;

	if (bytes > max || bytes % 2)
		return -EINVAL;
	n = hvx_ic_utf16_to_utf8(src, bytes / 2, dst, size);
	return n < 0 ? n : n + 1;
}

/* A daemon string as the host's: its size in bytes with the NUL. */
static int kvp_str_out(const void *src, u32 size, void *dst, u32 dst_bytes)
{
	int n = hvx_ic_utf8_to_utf16(src, size, dst, dst_bytes / 2);

	return n < 0 ? n : 2 * (n + 1);
}

/* A key and its size, the host's to the daemon's. */
static int kvp_key_in(const u8 *key, const __u32 *size, u8 *dkey, __u32 *dsize)
{
	int n = kvp_str_in(key, get_unaligned_le32(size), HV_KVP_EXCHANGE_MAX_KEY_SIZE,
			   dkey, HV_KVP_EXCHANGE_MAX_KEY_SIZE);

	if (n < 0)
		return n;
	*dsize = n;
	return 0;
}

static int kvp_get_in(const void *in, struct hv_kvp_msg *out)
{
	const struct hv_kvp_msg *m = in;
	const struct hv_kvp_exchg_msg_value *h = &m->body.kvp_get.data;
	struct hv_kvp_exchg_msg_value *d = &out->body.kvp_get.data;

	/* hv_kvp_daemon copies value_size bytes of the value: all there is. */
	d->value_size = HV_KVP_EXCHANGE_MAX_VALUE_SIZE;
	return kvp_key_in(h->key, &h->key_size, d->key, &d->key_size);
}

static int kvp_set_in(const void *in, struct hv_kvp_msg *out)
{
	const struct hv_kvp_msg *m = in;
	const struct hv_kvp_exchg_msg_value *h = &m->body.kvp_set.data;
	struct hv_kvp_exchg_msg_value *d = &out->body.kvp_set.data;
	int n = kvp_key_in(h->key, &h->key_size, d->key, &d->key_size);

	if (n)
		return n;
	/* The daemon keeps every value as a string. */
	switch (get_unaligned_le32(&h->value_type)) {
	case REG_SZ:
		n = kvp_str_in(h->value, get_unaligned_le32(&h->value_size), sizeof(h->value),
			       d->value, sizeof(d->value));
		break;
	case REG_U32:
		n = snprintf(d->value, sizeof(d->value), "%u", get_unaligned_le32(h->value)) + 1;
		break;
	case REG_U64:
		n = snprintf(d->value, sizeof(d->value), "%llu", get_unaligned_le64(h->value)) + 1;
		break;
	default:
		return -EINVAL;
	}
	if (n < 0)
		return n;
	d->value_type = REG_SZ;
	d->value_size = n;
	return 0;
}

static int kvp_delete_in(const void *in, struct hv_kvp_msg *out)
{
	const struct hv_kvp_msg_delete *h = &((const struct hv_kvp_msg *)in)->body.kvp_delete;
	struct hv_kvp_msg_delete *d = &out->body.kvp_delete;

	return kvp_key_in(h->key, &h->key_size, d->key, &d->key_size);
}

static int kvp_enumerate_in(const void *in, struct hv_kvp_msg *out)
{
	const struct hv_kvp_msg *h = in;

	out->body.kvp_enum_data.index = get_unaligned_le32(&h->body.kvp_enum_data.index);
	return 0;
}

/*
 * The strings of an IP configuration, adapter first. On the wire each is
 * UTF-16LE in a u16 array; the daemon has UTF-8 in the same array, at most
 * one byte per unit (as in-tree Linux gives it).
 */
static const struct {
	u32 offset;
	u32 chars;
} kvp_ip_strings[] = {
	{ offsetof(struct hv_kvp_ipaddr_value, adapter_id), MAX_ADAPTER_ID_SIZE },
	{ offsetof(struct hv_kvp_ipaddr_value, ip_addr), MAX_IP_ADDR_SIZE },
	{ offsetof(struct hv_kvp_ipaddr_value, sub_net), MAX_IP_ADDR_SIZE },
	{ offsetof(struct hv_kvp_ipaddr_value, gate_way), MAX_GATEWAY_SIZE },
	{ offsetof(struct hv_kvp_ipaddr_value, dns_addr), MAX_IP_ADDR_SIZE },
};

/* The first @n strings of the host's configuration to the daemon's. */
static int kvp_ip_in(const void *in, struct hv_kvp_msg *out, unsigned int n)
{
	const struct hv_kvp_ipaddr_value *h = &((const struct hv_kvp_ip_msg *)in)->kvp_ip_val;
	struct hv_kvp_ipaddr_value *d = &out->body.kvp_ip_val;
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = hvx_ic_utf16_to_utf8((const u8 *)h + kvp_ip_strings[i].offset,
					   kvp_ip_strings[i].chars,
					   (u8 *)d + kvp_ip_strings[i].offset,
					   kvp_ip_strings[i].chars);
		if (ret < 0)
			return ret;
	}
	d->addr_family = h->addr_family;
	d->dhcp_enabled = h->dhcp_enabled;
	return 0;
}

/* GET_IP_INFO names the adapter; SET_IP_INFO gives the whole configuration. */
static int kvp_ip_get_in(const void *in, struct hv_kvp_msg *out)
{
	return kvp_ip_in(in, out, 1);
}

static int kvp_ip_set_in(const void *in, struct hv_kvp_msg *out)
{
	return kvp_ip_in(in, out, ARRAY_SIZE(kvp_ip_strings));
}

static int kvp_value_out(const struct hv_kvp_exchg_msg_value *d,
			 struct hv_kvp_exchg_msg_value *h)
{
	int n;

	memset(h->value, 0, sizeof(h->value));
	n = kvp_str_out(d->value, sizeof(d->value), h->value, sizeof(h->value));
	if (n < 0)
		return n;
	put_unaligned_le32(n, &h->value_size);
	put_unaligned_le32(REG_SZ, &h->value_type);
	return 0;
}

static int kvp_get_out(const struct hv_kvp_msg *d, void *host)
{
	struct hv_kvp_msg *h = host;

	return kvp_value_out(&d->body.kvp_get.data, &h->body.kvp_get.data);
}

static int kvp_enumerate_out(const struct hv_kvp_msg *d, void *host)
{
	const struct hv_kvp_exchg_msg_value *dv = &d->body.kvp_enum_data.data;
	struct hv_kvp_exchg_msg_value *hv = &((struct hv_kvp_msg *)host)->body.kvp_enum_data.data;
	int n;

	memset(hv->key, 0, sizeof(hv->key));
	n = kvp_str_out(dv->key, sizeof(dv->key), hv->key, sizeof(hv->key));
	if (n < 0)
		return n;
	put_unaligned_le32(n, &hv->key_size);
	return kvp_value_out(dv, hv);
}

static int kvp_ip_get_out(const struct hv_kvp_msg *dm, void *host)
{
	const struct hv_kvp_ipaddr_value *d = &dm->body.kvp_ip_val;
	struct hv_kvp_ipaddr_value *h = &((struct hv_kvp_ip_msg *)host)->kvp_ip_val;
	unsigned int i;
	int ret;

	memset(h, 0, sizeof(*h));
	for (i = 0; i < ARRAY_SIZE(kvp_ip_strings); i++) {
		/* The daemon may fill the whole array, two bytes per unit. */
		ret = hvx_ic_utf8_to_utf16((const u8 *)d + kvp_ip_strings[i].offset,
					   2 * kvp_ip_strings[i].chars,
					   (u8 *)h + kvp_ip_strings[i].offset,
					   kvp_ip_strings[i].chars);
		if (ret < 0)
			return ret;
	}
	h->addr_family = d->addr_family;
	h->dhcp_enabled = d->dhcp_enabled;
	return 0;
}

/**
 * struct kvp_op - one KVP operation
 * @min_len: the host's message must be this long (answers are written in it)
 * @in: the host's message to the daemon's request
 * @out: the daemon's successful answer into the host's message (NULL: the
 *	 status says all)
 */
struct kvp_op {
	u32 min_len;
	int (*in)(const void *host, struct hv_kvp_msg *daemon);
	int (*out)(const struct hv_kvp_msg *daemon, void *host);
};

static const struct kvp_op kvp_ops[KVP_OP_COUNT] = {
	[KVP_OP_GET] = { KVP_BODY + sizeof(struct hv_kvp_msg_get), kvp_get_in, kvp_get_out },
	[KVP_OP_SET] = { KVP_BODY + sizeof(struct hv_kvp_msg_set), kvp_set_in },
	[KVP_OP_DELETE] = { KVP_BODY + sizeof(struct hv_kvp_msg_delete), kvp_delete_in },
	[KVP_OP_ENUMERATE] = { KVP_BODY + sizeof(struct hv_kvp_msg_enumerate), kvp_enumerate_in,
			       kvp_enumerate_out },
	[KVP_OP_GET_IP_INFO] = { sizeof(struct hv_kvp_ip_msg), kvp_ip_get_in, kvp_ip_get_out },
	[KVP_OP_SET_IP_INFO] = { sizeof(struct hv_kvp_ip_msg), kvp_ip_set_in },
};

static u32 kvp_handle(struct util_dev *u, u8 *body, u32 len)
{
	struct kvp_state *st = u->priv;
	struct hv_kvp_msg *out;
	u8 op;

	if (len < sizeof(struct hv_kvp_hdr))
		goto malformed;
	op = body[0];
	if (op >= KVP_OP_COUNT || body[1] >= KVP_POOL_COUNT || len < kvp_ops[op].min_len)
		goto malformed;
	out = util_relay_begin(u->relay);
	if (!out)
		return HVX_IC_E_FAIL;		/* no daemon */
	memset(out, 0, sizeof(*out));
	out->kvp_hdr.operation = op;
	out->kvp_hdr.pool = body[1];
	if (kvp_ops[op].in(body, out)) {
		util_relay_cancel(u->relay);
		goto malformed;
	}
	st->op = op;
	if (!util_relay_submit(u->relay, sizeof(*out), util_relay_timeout_s()))
		return HVX_IC_E_FAIL;
	return UTIL_ANSWER_LATER;

malformed:
	st->malformed++;
	return HVX_IC_E_FAIL;
}

static int kvp_hello(struct util_dev *u, const void *msg, u32 len, void *reply)
{
	const struct hv_kvp_msg *hello = msg;
	struct hv_kvp_msg *r = reply;

	/* KVP_OP_REGISTER (4) came from daemons without IP injection, 2012's. */
	if (hello->kvp_hdr.operation != KVP_OP_REGISTER1)
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	r->kvp_hdr.operation = KVP_OP_REGISTER1;
	strscpy(r->body.kvp_register.version, KVP_DRIVER_VERSION,
		sizeof(r->body.kvp_register.version));
	return sizeof(*r);
}

static void kvp_release_hold(struct kvp_state *st)
{
	WRITE_ONCE(st->held, false);
	hvx_channel_schedule(st->u->ch);
}

static void kvp_registered(struct util_dev *u)
{
	struct kvp_state *st = u->priv;

	cancel_delayed_work(&st->hold_work);
	kvp_release_hold(st);
}

static void kvp_hold_expired(struct work_struct *work)
{
	kvp_release_hold(container_of(to_delayed_work(work), struct kvp_state, hold_work));
}

static bool kvp_ready(struct util_dev *u)
{
	struct kvp_state *st = u->priv;

	return !READ_ONCE(st->held);
}

static void kvp_answer(struct util_dev *u, const void *msg)
{
	const struct hv_kvp_msg *d = msg;
	struct kvp_state *st = u->priv;
	u32 status = d->error;		/* the daemon's HRESULT, passed on */

	if (status == HVX_IC_S_OK && kvp_ops[st->op].out &&
	    kvp_ops[st->op].out(d, util_body(u))) {
		st->bad_answers++;
		status = HVX_IC_E_FAIL;
	}
	util_answer(u, status);
}

static void kvp_failed(struct util_dev *u)
{
	util_answer(u, HVX_IC_E_FAIL);
}

static const struct util_relay_ops kvp_relay_ops = {
	.devname = "vmbus/hv_kvp",
	.msg_max = sizeof(struct hv_kvp_msg),
	.answer_len = sizeof(struct hv_kvp_msg),
	.hello = kvp_hello,
	.registered = kvp_registered,
	.answer = kvp_answer,
	.failed = kvp_failed,
};

static int kvp_init(struct util_dev *u)
{
	struct kvp_state *st = u->priv;

	st->u = u;
	INIT_DELAYED_WORK(&st->hold_work, kvp_hold_expired);
	st->held = kvp_wait_s > 0;
	if (st->held)
		schedule_delayed_work(&st->hold_work, kvp_wait_s * HZ);
	return 0;
}

static void kvp_exit(struct util_dev *u)
{
	struct kvp_state *st = u->priv;

	cancel_delayed_work_sync(&st->hold_work);
}

static void kvp_show(struct util_dev *u, struct seq_file *s)
{
	struct kvp_state *st = u->priv;

	util_relay_show(u->relay, s);
	seq_printf(s, "waiting_for_daemon %d\nmalformed %llu\nbad_answers %llu\n",
		   READ_ONCE(st->held), st->malformed, st->bad_answers);
}

const struct util_service util_kvp = {
	.name = "kvp",
	.msgtype = HVX_IC_KVP,
	.versions = kvp_versions,
	.nr_versions = ARRAY_SIZE(kvp_versions),
	.msg_max = KVP_MSG_MAX,
	.priv_size = sizeof(struct kvp_state),
	.relay = &kvp_relay_ops,
	.ready = kvp_ready,
	.init = kvp_init,
	.exit = kvp_exit,
	.handle = kvp_handle,
	.show = kvp_show,
};

static_assert(sizeof(struct hv_kvp_msg) == 7432);
static_assert(sizeof(struct hv_kvp_ip_msg) == 7428);
static_assert(sizeof(struct hv_kvp_msg) + sizeof(struct hvx_ic_hdr) <= KVP_MSG_MAX);
