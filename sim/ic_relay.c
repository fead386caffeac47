// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of the services a guest relays to its daemons: KVP, VSS
 * and file copy. Requests go out when the control interface asks ("relid
 * command args"); the guest's answers are recorded for the state file,
 * strings percent-encoded (every byte but [A-Za-z0-9._~-] as %XX, as
 * Python's urllib.parse.quote(s, safe="") does).
 *   kvp:    get POOL KEY, set POOL KEY VALUE, set_u32 POOL KEY N,
 *           delete POOL KEY, enum POOL INDEX, ip_get ADAPTER,
 *           ip_set ADAPTER IP SUBNET GATEWAY DNS DHCP,
 *           fault odd_key|long_key|bad_pool|bad_op|short|surrogate|bad_type
 *           state: key= value= (get, enum); adapter= family= dhcp= ip=
 *           subnet= gateway= dns= (ip_get)
 *   vss:    freeze, thaw, hot_backup, dm_info, op N (any operation), short
 *           state: flags= (hot_backup, dm_info)
 *   fcopy:  copy SRC DIR NAME FLAGS: send the file SRC (read here, at most
 *           64 MiB) as DIR/NAME in 6 KiB fragments, each after the guest
 *           answered the one before; cancel; fault overlong|short|bad_op
 *           state: copy=idle|running|done|failed copied=BYTES
 * Every request is one message; the test waits for "answers" to grow.
 */
#include <linux/fs.h>
#include <linux/nls.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <uapi/linux/hyperv.h>
#include <hvx/compat.h>
#include <hvx/vmbus_classes.h>
#include "ic.h"

#define RELAY_TEXT_MAX		(16 * 1024)
#define FCOPY_FILE_MAX		(64 << 20)

enum copy_phase { COPY_IDLE, COPY_RUNNING, COPY_DONE, COPY_FAILED };

static const char *const copy_phase_names[] = {
	[COPY_IDLE] = "idle", [COPY_RUNNING] = "running", [COPY_DONE] = "done",
	[COPY_FAILED] = "failed",
};

struct sim_ic_relay {
	struct mutex lock;		/* guards everything below */
	u32 last_op;			/* of the last request sent */
	char *text;			/* the last answer, " key=value..." */
	u8 *copy;			/* file copy: the file, */
	size_t copy_size, copy_off;	/* its size, what the guest has */
	int copy_phase;			/* enum copy_phase */
	bool copy_completing;		/* COMPLETE sent */
	u8 scratch[3 * 1024 + 1];	/* one guest string as UTF-8 */
};

static struct sim_ic_relay *relay_of(struct sim_device *dev)
{
	return ((struct sim_ic *)dev->state)->relay;
}

/* ---- strings ------------------------------------------------------------ */

static void text_add(struct sim_ic_relay *r, const char *key, const u8 *s, size_t len)
{
	size_t at = strlen(r->text), i;

	at += scnprintf(r->text + at, RELAY_TEXT_MAX - at, " %s=", key);
	for (i = 0; i < len && s[i]; i++) {
		if (isascii(s[i]) && (isalnum(s[i]) || strchr("._~-", s[i])))
			at += scnprintf(r->text + at, RELAY_TEXT_MAX - at, "%c", s[i]);
		else
			at += scnprintf(r->text + at, RELAY_TEXT_MAX - at, "%%%02X", s[i]);
	}
}

/* A guest's UTF-16LE field of @chars code units, recorded as UTF-8. */
static void text_add_utf16(struct sim_ic_relay *r, const char *key, const void *field,
			   u32 chars)
{
	int n = utf16s_to_utf8s(field, min_t(u32, chars, 1024), UTF16_LITTLE_ENDIAN,
				r->scratch, sizeof(r->scratch) - 1);

	text_add(r, key, r->scratch, max(n, 0));
}

static void text_add_u32(struct sim_ic_relay *r, const char *key, u32 v)
{
	size_t at = strlen(r->text);

	scnprintf(r->text + at, RELAY_TEXT_MAX - at, " %s=%u", key, v);
}

/* UTF-8 @s into a UTF-16LE field of @chars units; its size in bytes with the NUL. */
static u32 put_utf16(const char *s, void *field, u32 chars)
{
	int n = utf8s_to_utf16s(s, strlen(s), UTF16_LITTLE_ENDIAN, field, chars - 1);

	return 2 * (max(n, 0) + 1);
}

/* ---- KVP ---------------------------------------------------------------- */

static int kvp_send(struct sim_device *dev, void *msg, u32 len)
{
	struct sim_ic_relay *r = relay_of(dev);

	mutex_lock(&r->lock);
	r->last_op = *(u8 *)msg;
	r->text[0] = 0;
	mutex_unlock(&r->lock);
	return sim_ic_send(dev, NULL, HVX_IC_KVP, msg, len, 0);
}

/* "POOL KEY": a request for @op with its key; NULL for bad arguments. */
static struct hv_kvp_msg *kvp_keyed(u8 op, char **args)
{
	char *pool = strsep(args, " "), *key = strsep(args, " ");
	struct hv_kvp_msg *m;
	u8 p;

	if (!pool || !key || kstrtou8(pool, 0, &p))
		return NULL;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return NULL;
	m->kvp_hdr.operation = op;
	m->kvp_hdr.pool = p;
	if (op == KVP_OP_DELETE)
		m->body.kvp_delete.key_size = put_utf16(key, m->body.kvp_delete.key,
							HV_KVP_EXCHANGE_MAX_KEY_SIZE / 2);
	else
		m->body.kvp_set.data.key_size = put_utf16(key, m->body.kvp_set.data.key,
							  HV_KVP_EXCHANGE_MAX_KEY_SIZE / 2);
	return m;
}

static int kvp_send_free(struct sim_device *dev, struct hv_kvp_msg *m, u32 len)
{
	int ret = m ? kvp_send(dev, m, len) : -EINVAL;

	kfree(m);
	return ret;
}

static int kvp_get(struct sim_device *dev, char *args)
{
	return kvp_send_free(dev, kvp_keyed(KVP_OP_GET, &args), sizeof(struct hv_kvp_msg));
}

static int kvp_delete(struct sim_device *dev, char *args)
{
	return kvp_send_free(dev, kvp_keyed(KVP_OP_DELETE, &args), sizeof(struct hv_kvp_msg));
}

static int kvp_set(struct sim_device *dev, char *args)
{
	struct hv_kvp_msg *m = kvp_keyed(KVP_OP_SET, &args);
	struct hv_kvp_exchg_msg_value *v;

	if (!m || !args) {
		kfree(m);
		return -EINVAL;
	}
	v = &m->body.kvp_set.data;
	v->value_type = REG_SZ;
	v->value_size = put_utf16(args, v->value, HV_KVP_EXCHANGE_MAX_VALUE_SIZE / 2);
	return kvp_send_free(dev, m, sizeof(*m));
}

static int kvp_set_u32(struct sim_device *dev, char *args)
{
	struct hv_kvp_msg *m = kvp_keyed(KVP_OP_SET, &args);
	u32 n;

	if (!m || !args || kstrtou32(args, 0, &n)) {
		kfree(m);
		return -EINVAL;
	}
	m->body.kvp_set.data.value_type = REG_U32;
	m->body.kvp_set.data.value_size = sizeof(u32);
	m->body.kvp_set.data.value_u32 = n;
	return kvp_send_free(dev, m, sizeof(*m));
}

static int kvp_enum(struct sim_device *dev, char *args)
{
	struct hv_kvp_msg *m;
	u32 pool, index;

	if (sscanf(args, "%u %u", &pool, &index) != 2 || pool > 0xff)
		return -EINVAL;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->kvp_hdr.operation = KVP_OP_ENUMERATE;
	m->kvp_hdr.pool = pool;
	m->body.kvp_enum_data.index = index;
	return kvp_send_free(dev, m, sizeof(*m));
}

static int kvp_ip(struct sim_device *dev, u8 op, char *args)
{
	struct hv_kvp_ip_msg *m = kzalloc(sizeof(*m), GFP_KERNEL);
	struct hv_kvp_ipaddr_value *v;
	char *f[6] = {};
	unsigned int i, n = op == KVP_OP_GET_IP_INFO ? 1 : 6;
	int ret = -EINVAL;

	if (!m)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		f[i] = strsep(&args, " ");
		if (!f[i] || !*f[i])
			goto out;
	}
	v = &m->kvp_ip_val;
	m->operation = op;
	v->addr_family = ADDR_FAMILY_IPV4;
	put_utf16(f[0], v->adapter_id, MAX_ADAPTER_ID_SIZE);
	if (op == KVP_OP_SET_IP_INFO) {
		put_utf16(f[1], v->ip_addr, MAX_IP_ADDR_SIZE);
		put_utf16(f[2], v->sub_net, MAX_IP_ADDR_SIZE);
		put_utf16(f[3], v->gate_way, MAX_GATEWAY_SIZE);
		put_utf16(f[4], v->dns_addr, MAX_IP_ADDR_SIZE);
		v->dhcp_enabled = !strcmp(f[5], "1");
	}
	ret = kvp_send(dev, m, sizeof(*m));
out:
	kfree(m);
	return ret;
}

static int kvp_ip_get(struct sim_device *dev, char *args)
{
	return kvp_ip(dev, KVP_OP_GET_IP_INFO, args);
}

static int kvp_ip_set(struct sim_device *dev, char *args)
{
	return kvp_ip(dev, KVP_OP_SET_IP_INFO, args);
}

/* A SET the guest must refuse, for each way a host can get it wrong. */
static int kvp_fault(struct sim_device *dev, char *args)
{
	char spec[] = "0 Key", *p = spec;
	struct hv_kvp_exchg_msg_value *v;
	struct hv_kvp_msg *m;
	u32 len = sizeof(*m);

	m = kvp_keyed(KVP_OP_SET, &p);
	if (!m)
		return -ENOMEM;
	v = &m->body.kvp_set.data;
	v->value_type = REG_SZ;
	v->value_size = put_utf16("v", v->value, 4);
	if (!strcmp(args, "odd_key")) {
		v->key_size = 5;
	} else if (!strcmp(args, "long_key")) {
		v->key_size = HV_KVP_EXCHANGE_MAX_KEY_SIZE + 2;
	} else if (!strcmp(args, "bad_pool")) {
		m->kvp_hdr.pool = KVP_POOL_COUNT;
	} else if (!strcmp(args, "bad_op")) {
		m->kvp_hdr.operation = KVP_OP_COUNT;
	} else if (!strcmp(args, "short")) {
		len = 100;
	} else if (!strcmp(args, "surrogate")) {
		put_unaligned_le16(0xd800, v->key);	/* a high surrogate, then 'e' */
	} else if (!strcmp(args, "bad_type")) {
		v->value_type = 7;
	} else {
		kfree(m);
		return -EINVAL;
	}
	return kvp_send_free(dev, m, len);
}

static void kvp_record(struct sim_ic_relay *r, const u8 *body, u32 len)
{
	const struct hv_kvp_msg *m = (const void *)body;
	const struct hv_kvp_ip_msg *ip = (const void *)body;
	const struct hv_kvp_exchg_msg_value *v;

	switch (r->last_op) {
	case KVP_OP_GET:
	case KVP_OP_ENUMERATE:
		if (len < sizeof(*m))
			return;
		v = r->last_op == KVP_OP_GET ? &m->body.kvp_get.data : &m->body.kvp_enum_data.data;
		if (v->key_size > sizeof(v->key) || v->value_size > sizeof(v->value) ||
		    v->value_type != REG_SZ)
			return;
		text_add_utf16(r, "key", v->key, v->key_size / 2);
		text_add_utf16(r, "value", v->value, v->value_size / 2);
		break;
	case KVP_OP_GET_IP_INFO:
		if (len < sizeof(*ip))
			return;
		text_add_utf16(r, "adapter", ip->kvp_ip_val.adapter_id, MAX_ADAPTER_ID_SIZE);
		text_add_u32(r, "family", ip->kvp_ip_val.addr_family);
		text_add_u32(r, "dhcp", ip->kvp_ip_val.dhcp_enabled);
		text_add_utf16(r, "ip", ip->kvp_ip_val.ip_addr, MAX_IP_ADDR_SIZE);
		text_add_utf16(r, "subnet", ip->kvp_ip_val.sub_net, MAX_IP_ADDR_SIZE);
		text_add_utf16(r, "gateway", ip->kvp_ip_val.gate_way, MAX_GATEWAY_SIZE);
		text_add_utf16(r, "dns", ip->kvp_ip_val.dns_addr, MAX_IP_ADDR_SIZE);
		break;
	}
}

/* ---- VSS ---------------------------------------------------------------- */

static int vss_send_op(struct sim_device *dev, u8 op, u32 len)
{
	struct hv_vss_msg m = { .vss_hdr.operation = op };
	struct sim_ic_relay *r = relay_of(dev);

	mutex_lock(&r->lock);
	r->last_op = op;
	r->text[0] = 0;
	mutex_unlock(&r->lock);
	return sim_ic_send(dev, NULL, HVX_IC_VSS, &m, len, 0);
}

static int vss_freeze(struct sim_device *dev, char *args)
{
	return vss_send_op(dev, VSS_OP_FREEZE, sizeof(struct hv_vss_msg));
}

static int vss_thaw(struct sim_device *dev, char *args)
{
	return vss_send_op(dev, VSS_OP_THAW, sizeof(struct hv_vss_msg));
}

static int vss_hot_backup(struct sim_device *dev, char *args)
{
	return vss_send_op(dev, VSS_OP_HOT_BACKUP, sizeof(struct hv_vss_msg));
}

static int vss_dm_info(struct sim_device *dev, char *args)
{
	return vss_send_op(dev, VSS_OP_GET_DM_INFO, sizeof(struct hv_vss_msg));
}

static int vss_op(struct sim_device *dev, char *args)
{
	u8 op;

	return kstrtou8(args, 0, &op) ?: vss_send_op(dev, op, sizeof(struct hv_vss_msg));
}

static int vss_short(struct sim_device *dev, char *args)
{
	return vss_send_op(dev, VSS_OP_FREEZE, 4);
}

static void vss_record(struct sim_ic_relay *r, const u8 *body, u32 len)
{
	const struct hv_vss_msg *m = (const void *)body;

	if (len >= sizeof(*m) && (r->last_op == VSS_OP_HOT_BACKUP ||
				  r->last_op == VSS_OP_GET_DM_INFO))
		text_add_u32(r, "flags", m->vss_cf.flags);
}

/* ---- file copy ---------------------------------------------------------- */

/* The next message of the copy in flight. Holds r->lock. */
static int fcopy_next(struct sim_device *dev, struct sim_channel *ch, struct sim_ic_relay *r)
{
	struct hv_do_fcopy *w;
	struct hv_fcopy_hdr end = { .operation = COMPLETE_FCOPY };
	u32 n = min_t(size_t, r->copy_size - r->copy_off, DATA_FRAGMENT);
	int ret;

	if (r->copy_off == r->copy_size) {
		r->copy_completing = true;
		return sim_ic_send(dev, ch, HVX_IC_FCOPY, &end, sizeof(end), 0);
	}
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	w->hdr.operation = WRITE_TO_FILE;
	w->offset = r->copy_off;
	w->size = n;
	memcpy(w->data, r->copy + r->copy_off, n);
	ret = sim_ic_send(dev, ch, HVX_IC_FCOPY, w, sizeof(*w), 0);
	if (!ret)
		r->copy_off += n;
	kfree(w);
	return ret;
}

static void fcopy_finish(struct sim_ic_relay *r, int phase)
{
	r->copy_phase = phase;
	kvfree(r->copy);
	r->copy = NULL;
}

static void fcopy_record(struct sim_device *dev, struct sim_channel *ch,
			 struct sim_ic_relay *r, u32 status)
{
	if (r->copy_phase != COPY_RUNNING)
		return;
	if (status != HVX_IC_S_OK)
		fcopy_finish(r, COPY_FAILED);
	else if (r->copy_completing)
		fcopy_finish(r, COPY_DONE);
	else if (fcopy_next(dev, ch, r))
		fcopy_finish(r, COPY_FAILED);
}

static int fcopy_read_file(const char *path, u8 **data, size_t *size)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	loff_t pos = 0, len;
	ssize_t n;
	int ret = 0;

	if (IS_ERR(f))
		return PTR_ERR(f);
	len = i_size_read(file_inode(f));
	if (len > FCOPY_FILE_MAX) {
		ret = -EFBIG;
		goto out;
	}
	*data = kvmalloc(max_t(loff_t, len, 1), GFP_KERNEL);
	if (!*data) {
		ret = -ENOMEM;
		goto out;
	}
	while (pos < len) {
		n = kernel_read(f, *data + pos, len - pos, &pos);
		if (n <= 0) {
			ret = n ?: -EIO;
			kvfree(*data);
			goto out;
		}
	}
	*size = len;
out:
	filp_close(f, NULL);
	return ret;
}

static int fcopy_copy(struct sim_device *dev, char *args)
{
	char *src = strsep(&args, " "), *dir = strsep(&args, " "), *name = strsep(&args, " ");
	struct sim_ic_relay *r = relay_of(dev);
	struct hv_start_fcopy *start;
	u32 flags;
	int ret;

	if (!src || !dir || !name || !args || kstrtou32(args, 0, &flags))
		return -EINVAL;
	start = kzalloc(sizeof(*start), GFP_KERNEL);
	if (!start)
		return -ENOMEM;
	mutex_lock(&r->lock);
	ret = -EBUSY;
	if (r->copy_phase == COPY_RUNNING)
		goto out;
	ret = fcopy_read_file(src, &r->copy, &r->copy_size);
	if (ret)
		goto out;
	start->hdr.operation = START_FILE_COPY;
	put_utf16(name, start->file_name, W_MAX_PATH);
	put_utf16(dir, start->path_name, W_MAX_PATH);
	start->copy_flags = flags;
	start->file_size = r->copy_size;
	r->copy_off = 0;
	r->copy_completing = false;
	r->copy_phase = COPY_RUNNING;
	r->last_op = START_FILE_COPY;
	ret = sim_ic_send(dev, NULL, HVX_IC_FCOPY, start, sizeof(*start), 0);
	if (ret)
		fcopy_finish(r, COPY_FAILED);
out:
	mutex_unlock(&r->lock);
	kfree(start);
	return ret;
}

static int fcopy_cancel(struct sim_device *dev, char *args)
{
	struct hv_fcopy_hdr m = { .operation = CANCEL_FCOPY };
	struct sim_ic_relay *r = relay_of(dev);

	mutex_lock(&r->lock);
	if (r->copy_phase == COPY_RUNNING)
		fcopy_finish(r, COPY_FAILED);
	mutex_unlock(&r->lock);
	return sim_ic_send(dev, NULL, HVX_IC_FCOPY, &m, sizeof(m), 0);
}

/* Fragments a guest must refuse. */
static int fcopy_fault(struct sim_device *dev, char *args)
{
	struct hv_do_fcopy *w = kzalloc(sizeof(*w), GFP_KERNEL);
	u32 len = sizeof(*w);
	int ret;

	if (!w)
		return -ENOMEM;
	w->hdr.operation = WRITE_TO_FILE;
	w->size = 100;
	if (!strcmp(args, "overlong")) {
		w->size = DATA_FRAGMENT + 1;		/* more than a fragment holds */
	} else if (!strcmp(args, "short")) {
		w->size = DATA_FRAGMENT;
		len = offsetof(struct hv_do_fcopy, data) + 100;	/* ... than the packet has */
	} else if (!strcmp(args, "bad_op")) {
		w->hdr.operation = 9;
	} else {
		kfree(w);
		return -EINVAL;
	}
	ret = sim_ic_send(dev, NULL, HVX_IC_FCOPY, w, len, 0);
	kfree(w);
	return ret;
}

/* ---- the backends ------------------------------------------------------- */

void sim_ic_relay_answer(struct sim_channel *ch, u32 status, const u8 *body, u32 len)
{
	struct sim_device *dev = sim_chan_device(ch);
	struct sim_ic_relay *r = relay_of(dev);

	mutex_lock(&r->lock);
	switch (sim_ic_msgtype(dev)) {
	case HVX_IC_KVP:
		if (status == HVX_IC_S_OK)
			kvp_record(r, body, len);
		break;
	case HVX_IC_VSS:
		if (status == HVX_IC_S_OK)
			vss_record(r, body, len);
		break;
	case HVX_IC_FCOPY:
		fcopy_record(dev, ch, r, status);
		break;
	}
	mutex_unlock(&r->lock);
}

void sim_ic_relay_show(struct sim_device *dev, struct seq_file *s)
{
	struct sim_ic_relay *r = relay_of(dev);

	mutex_lock(&r->lock);
	if (sim_ic_msgtype(dev) == HVX_IC_FCOPY)
		seq_printf(s, " copy=%s copied=%zu", copy_phase_names[r->copy_phase],
			   r->copy_phase == COPY_DONE ? r->copy_size : r->copy_off);
	seq_puts(s, r->text);
	mutex_unlock(&r->lock);
}

int sim_ic_relay_init(struct sim_device *dev)
{
	struct sim_ic *ic = dev->state;
	struct sim_ic_relay *r = kzalloc(sizeof(*r), GFP_KERNEL);

	if (!r)
		return -ENOMEM;
	r->text = kvzalloc(RELAY_TEXT_MAX, GFP_KERNEL);
	if (!r->text) {
		kfree(r);
		return -ENOMEM;
	}
	mutex_init(&r->lock);
	ic->relay = r;
	return 0;
}

void sim_ic_relay_release(struct sim_device *dev)
{
	struct sim_ic_relay *r = relay_of(dev);

	kvfree(r->copy);
	kvfree(r->text);
	kfree(r);
}

static const struct sim_command kvp_commands[] = {
	{ "get", kvp_get },
	{ "set", kvp_set },
	{ "set_u32", kvp_set_u32 },
	{ "delete", kvp_delete },
	{ "enum", kvp_enum },
	{ "ip_get", kvp_ip_get },
	{ "ip_set", kvp_ip_set },
	{ "fault", kvp_fault },
};

static const struct sim_command vss_commands[] = {
	{ "freeze", vss_freeze },
	{ "thaw", vss_thaw },
	{ "hot_backup", vss_hot_backup },
	{ "dm_info", vss_dm_info },
	{ "op", vss_op },
	{ "short", vss_short },
};

static const struct sim_command fcopy_commands[] = {
	{ "copy", fcopy_copy },
	{ "cancel", fcopy_cancel },
	{ "fault", fcopy_fault },
};

const struct sim_backend sim_kvp_backend = {
	IC_BACKEND("kvp", HVX_CLASS_KVP),
	.commands = kvp_commands,
	.nr_commands = ARRAY_SIZE(kvp_commands),
};

const struct sim_backend sim_vss_backend = {
	IC_BACKEND("vss", HVX_CLASS_VSS),
	.commands = vss_commands,
	.nr_commands = ARRAY_SIZE(vss_commands),
};

const struct sim_backend sim_fcopy_backend = {
	IC_BACKEND("fcopy", HVX_CLASS_FCOPY),
	.commands = fcopy_commands,
	.nr_commands = ARRAY_SIZE(fcopy_commands),
};
