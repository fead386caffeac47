// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of VSTOR: a SCSI controller whose target 0 holds RAM-backed
 * LUNs that answer like Hyper-V virtual disks (INQUIRY "Msft" "Virtual
 * Disk", VPD pages, thin provisioning with UNMAP and WRITE SAME), with
 * sense data for everything they reject. Data moves through the guest pages
 * an SRB names, as the real host's DMA would.
 *
 * Control commands (write "relid command" to hvx_sim/control):
 *   lun_add LUN MB      a new LUN of MB MiB; the guest is told (ENUMERATE_BUS)
 *   lun_remove LUN      the LUN goes; the guest is told (REMOVE_DEVICE)
 *   failover            FC: the secondary WWNs become active (FCHBA_DATA)
 *   lose N              drop the completions of the next N SRBs
 *   sense KEY ASC ASCQ  fail the next SRB with CHECK CONDITION and this sense
 *   busy                answer the next SRB with status BUSY
 *   bad_sense           the next completion claims 255 bytes of sense
 *   overlong            the next completion claims more bytes than asked
 *   short               the next completion is 20 bytes long
 *   hold_reset          leave the next RESET_BUS unanswered, until:
 *   release_reset       answer the held RESET_BUS (status 0)
 * State: "version=0xN luns=N srbs=N reads=N writes=N unmapped=N lost=N bad=N
 * resets=N reset_held=0|1" (resets: RESET_BUS requests, held ones too).
 */
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <scsi/scsi_proto.h>
#include <hvx/ring.h>
#include <hvx/vmbus_classes.h>
#include <hvx/vstor.h>
#include "sim.h"

#define STOR_MAX_LUNS		8
#define STOR_BLOCK		512
#define STOR_MAX_TRANSFER	SZ_512K
#define STOR_SUB_CHANNELS	4	/* what the host offers at most */
#define STOR_DEFAULT_MB		64	/* LUN 0 at creation */

struct sim_lun {
	u8 *data;		/* NULL: no such LUN */
	u64 blocks;
};

/* What the next SRB meets (fault injection). */
enum stor_fault {
	STOR_FAULT_NONE,
	STOR_FAULT_SENSE,
	STOR_FAULT_BUSY,
	STOR_FAULT_BAD_SENSE,
	STOR_FAULT_OVERLONG,
	STOR_FAULT_SHORT,
};

struct sim_stor {
	struct mutex lock;	/* guards luns, lose and the counters (all channels) */
	struct sim_lun luns[STOR_MAX_LUNS];
	u16 version;		/* agreed, 0 before */
	int fault;		/* enum stor_fault, for the next SRB */
	u8 fault_sense[3];	/* key, asc, ascq */
	u32 lose;		/* completions still to drop */
	bool hold_reset;	/* leave the next RESET_BUS unanswered */
	bool reset_held;	/* ... one is: held_reset_id answers it */
	u64 held_reset_id;
	u64 srbs, reads, writes, unmapped, lost, bad, resets;
};

/* One SRB being served. */
struct stor_io {
	struct sim_stor *st;
	struct hvx_vstor_srb *srb;	/* the reply, edited in place */
	const u8 *cdb;			/* a private copy: the reply overwrites it */
	struct sim_gpa gpa;
	bool has_data;
	u32 moved;
};

static void stor_count_bad(struct sim_stor *st)
{
	mutex_lock(&st->lock);
	st->bad++;
	mutex_unlock(&st->lock);
}

static void stor_sense(struct stor_io *io, u8 key, u8 asc, u8 ascq)
{
	u8 *s = io->srb->sense;

	memset(s, 0, HVX_VSTOR_SENSE_MAX);
	s[0] = 0x70;		/* fixed format, current */
	s[2] = key;
	s[7] = HVX_VSTOR_SENSE_MAX - 8;
	s[12] = asc;
	s[13] = ascq;
	io->srb->sense_length = HVX_VSTOR_SENSE_MAX;
	io->srb->scsi_status = SAM_STAT_CHECK_CONDITION;
	io->srb->srb_status = HVX_SRB_ERROR | HVX_SRB_AUTOSENSE_VALID;
}

static void stor_illegal(struct stor_io *io, u8 asc)
{
	stor_sense(io, ILLEGAL_REQUEST, asc, 0);
}

/* Give the guest @len bytes of @buf (a read), as much as it asked for. */
static void stor_to_guest(struct stor_io *io, const void *buf, u32 len)
{
	len = min(len, le32_to_cpu(io->srb->data_length));
	if (io->has_data)
		len = min(len, io->gpa.count);
	else
		len = 0;
	if (len && sim_gpa_copy(&io->gpa, 0, (void *)buf, len, true)) {
		io->srb->srb_status = HVX_SRB_ERROR;
		return;
	}
	io->moved = len;
}

static struct sim_lun *stor_lun(struct stor_io *io)
{
	struct sim_lun *lun;

	if (io->srb->path_id || io->srb->target_id || io->srb->lun >= STOR_MAX_LUNS)
		return NULL;
	lun = &io->st->luns[io->srb->lun];
	return lun->data ? lun : NULL;
}

static void stor_inquiry_std(struct stor_io *io)
{
	u8 buf[36] = {
		[2] = 0x06,	/* SPC-4 */
		[3] = 0x02,	/* response data format 2 */
		[4] = sizeof(buf) - 5,
		[7] = 0x02,	/* CmdQue */
	};

	if (!stor_lun(io))
		buf[0] = 0x7f;	/* no device at this LUN */
	memcpy(buf + 8, "Msft    ", 8);
	memcpy(buf + 16, "Virtual Disk    ", 16);
	memcpy(buf + 32, "1.0 ", 4);
	stor_to_guest(io, buf, sizeof(buf));
}

static void stor_vpd(struct stor_io *io, u8 page)
{
	struct sim_lun *lun = stor_lun(io);
	u8 buf[64] = { [1] = page };
	u32 len;

	switch (page) {
	case 0x00:		/* supported pages */
		memcpy(buf + 4, "\x00\x80\x83\xb0\xb2", 5);
		len = 5;
		break;
	case 0x80:		/* unit serial number */
		len = snprintf(buf + 4, 32, "HVXSIM%02u%06u", io->srb->lun,
			       (u32)lun->blocks / 2048);
		break;
	case 0x83:		/* device identification: one T10 vendor id */
		buf[4] = 0x02;	/* ASCII */
		buf[5] = 0x01;	/* T10 vendor id, LUN */
		len = snprintf(buf + 8, 40, "Msft    HVXSIM-LUN%u", io->srb->lun);
		buf[7] = len;
		len += 4;
		break;
	case 0xb0:		/* block limits */
		put_unaligned_be32(STOR_MAX_TRANSFER / STOR_BLOCK, buf + 8);
		put_unaligned_be32(STOR_MAX_TRANSFER / STOR_BLOCK, buf + 12);
		put_unaligned_be32(0xffffffff, buf + 20);	/* max unmap LBAs */
		put_unaligned_be32(64, buf + 24);		/* max unmap descriptors */
		put_unaligned_be32(8, buf + 28);		/* unmap granularity */
		put_unaligned_be64(0xffffffff, buf + 36);	/* max write same */
		len = 0x3c;
		break;
	case 0xb2:		/* logical block provisioning */
		buf[5] = 0xe4;	/* LBPU, LBPWS, LBPWS10, LBPRZ */
		buf[6] = 0x02;	/* thin */
		len = 4;
		break;
	default:
		stor_illegal(io, 0x24);
		return;
	}
	put_unaligned_be16(len, buf + 2);
	stor_to_guest(io, buf, len + 4);
}

static void stor_inquiry(struct stor_io *io)
{
	if (io->cdb[1] & 0x01) {
		if (!stor_lun(io)) {
			io->srb->srb_status = HVX_SRB_INVALID_LUN;
			return;
		}
		stor_vpd(io, io->cdb[2]);
	} else if (io->cdb[2]) {
		stor_illegal(io, 0x24);
	} else {
		stor_inquiry_std(io);
	}
}

static void stor_report_luns(struct stor_io *io)
{
	u8 buf[8 + 8 * STOR_MAX_LUNS] = {};
	u32 n = 0, i;

	for (i = 0; i < STOR_MAX_LUNS; i++)
		if (io->st->luns[i].data)
			buf[8 + 8 * n++ + 1] = i;
	put_unaligned_be32(8 * n, buf);
	stor_to_guest(io, buf, 8 + 8 * n);
}

static void stor_read_capacity(struct stor_io *io, struct sim_lun *lun)
{
	u8 buf[32] = {};

	if (io->cdb[0] == READ_CAPACITY) {
		put_unaligned_be32(min_t(u64, lun->blocks - 1, 0xffffffff), buf);
		put_unaligned_be32(STOR_BLOCK, buf + 4);
		stor_to_guest(io, buf, 8);
		return;
	}
	put_unaligned_be64(lun->blocks - 1, buf);
	put_unaligned_be32(STOR_BLOCK, buf + 8);
	buf[14] = 0xc0;		/* LBPME, LBPRZ */
	stor_to_guest(io, buf, sizeof(buf));
}

static void stor_mode_sense(struct stor_io *io)
{
	bool ten = io->cdb[0] == MODE_SENSE_10;
	u8 page = io->cdb[2] & 0x3f, buf[8 + 20] = {};
	u32 hdr = ten ? 8 : 4, len = hdr;

	if (page == 0x08 || page == 0x3f) {	/* caching: write cache on */
		buf[hdr] = 0x08;
		buf[hdr + 1] = 0x12;
		buf[hdr + 2] = 0x04;		/* WCE */
		len += 20;
	} else if (page) {
		stor_illegal(io, 0x24);
		return;
	}
	if (ten)
		put_unaligned_be16(len - 2, buf);
	else
		buf[0] = len - 1;
	stor_to_guest(io, buf, len);
}

/* Is [lba, lba + n) on the disk? Sense when not. */
static bool stor_range_ok(struct stor_io *io, struct sim_lun *lun, u64 lba, u64 n)
{
	if (lba > lun->blocks || n > lun->blocks - lba) {
		stor_illegal(io, 0x21);		/* LBA out of range */
		return false;
	}
	return true;
}

static void stor_rw(struct stor_io *io, struct sim_lun *lun, u64 lba, u32 n, bool write)
{
	u64 bytes = (u64)n * STOR_BLOCK;

	if (!stor_range_ok(io, lun, lba, n))
		return;
	if (bytes > le32_to_cpu(io->srb->data_length) || (bytes && !io->has_data) ||
	    (bytes && bytes > io->gpa.count)) {
		stor_illegal(io, 0x24);
		return;
	}
	if (bytes && sim_gpa_copy(&io->gpa, 0, lun->data + lba * STOR_BLOCK, bytes, !write)) {
		io->srb->srb_status = HVX_SRB_ERROR;
		return;
	}
	io->moved = bytes;
	if (write)
		io->st->writes++;
	else
		io->st->reads++;
}

static void stor_discard(struct stor_io *io, struct sim_lun *lun, u64 lba, u64 n)
{
	if (!stor_range_ok(io, lun, lba, n))
		return;
	memset(lun->data + lba * STOR_BLOCK, 0, n * STOR_BLOCK);
	io->st->unmapped += n;
}

static void stor_unmap(struct stor_io *io, struct sim_lun *lun)
{
	u32 len = le32_to_cpu(io->srb->data_length), i, n;
	u8 list[8 + 16 * 64];

	if (!io->has_data || len < 8 || len > sizeof(list) || len > io->gpa.count ||
	    sim_gpa_copy(&io->gpa, 0, list, len, false)) {
		stor_illegal(io, 0x24);
		return;
	}
	n = min_t(u32, get_unaligned_be16(list + 2), len - 8) / 16;
	for (i = 0; i < n && io->srb->srb_status == HVX_SRB_SUCCESS; i++)
		stor_discard(io, lun, get_unaligned_be64(list + 8 + 16 * i),
			     get_unaligned_be32(list + 16 + 16 * i));
	io->moved = len;
}

static void stor_write_same(struct stor_io *io, struct sim_lun *lun, u64 lba, u32 n)
{
	u8 block[STOR_BLOCK];
	u64 i;

	if (io->cdb[1] & 0x08) {		/* UNMAP */
		stor_discard(io, lun, lba, n);
		return;
	}
	if (!io->has_data || io->gpa.count < STOR_BLOCK ||
	    sim_gpa_copy(&io->gpa, 0, block, STOR_BLOCK, false)) {
		stor_illegal(io, 0x24);
		return;
	}
	if (!stor_range_ok(io, lun, lba, n))
		return;
	for (i = 0; i < n; i++)
		memcpy(lun->data + (lba + i) * STOR_BLOCK, block, STOR_BLOCK);
	io->moved = STOR_BLOCK;
	io->st->writes++;
}

/* Commands that need a LUN. */
static void stor_lun_command(struct stor_io *io, struct sim_lun *lun)
{
	const u8 *c = io->cdb;

	switch (c[0]) {
	case TEST_UNIT_READY:
	case SYNCHRONIZE_CACHE:
	case SYNCHRONIZE_CACHE_16:
		break;
	case READ_CAPACITY:
		stor_read_capacity(io, lun);
		break;
	case SERVICE_ACTION_IN_16:
		if ((c[1] & 0x1f) == SAI_READ_CAPACITY_16)
			stor_read_capacity(io, lun);
		else
			stor_illegal(io, 0x24);
		break;
	case READ_10:
	case WRITE_10:
		stor_rw(io, lun, get_unaligned_be32(c + 2), get_unaligned_be16(c + 7),
			c[0] == WRITE_10);
		break;
	case READ_16:
	case WRITE_16:
		stor_rw(io, lun, get_unaligned_be64(c + 2), get_unaligned_be32(c + 10),
			c[0] == WRITE_16);
		break;
	case UNMAP:
		stor_unmap(io, lun);
		break;
	case WRITE_SAME:
		stor_write_same(io, lun, get_unaligned_be32(c + 2), get_unaligned_be16(c + 7));
		break;
	case WRITE_SAME_16:
		stor_write_same(io, lun, get_unaligned_be64(c + 2), get_unaligned_be32(c + 10));
		break;
	case MODE_SENSE:
	case MODE_SENSE_10:
		stor_mode_sense(io);
		break;
	default:
		stor_illegal(io, 0x20);		/* invalid command operation code */
	}
}

static void stor_execute(struct stor_io *io)
{
	struct sim_lun *lun;

	/*
	 * Only path 0, target 0 exists. Elsewhere a standard INQUIRY still
	 * answers "no device here" (peripheral qualifier 3): Linux's in-tree
	 * storvsc completes every INQUIRY as a success whatever its SRB status,
	 * so Hyper-V must send that data, or in-tree would see a disk at every
	 * target it scans. Anything else finds nothing to select.
	 */
	if (io->srb->path_id || io->srb->target_id) {
		if (io->cdb[0] == INQUIRY && !(io->cdb[1] & 0x01) && !io->cdb[2])
			stor_inquiry_std(io);
		else
			io->srb->srb_status = HVX_SRB_SELECTION_TIMEOUT;
		return;
	}
	switch (io->cdb[0]) {
	case INQUIRY:
		stor_inquiry(io);
		return;
	case REPORT_LUNS:
		stor_report_luns(io);
		return;
	}
	lun = stor_lun(io);
	if (!lun) {
		io->srb->srb_status = HVX_SRB_INVALID_LUN;
		return;
	}
	stor_lun_command(io, lun);
}

/* Injected failures replace the command; the others doctor its answer. */
static bool stor_fault_before(struct stor_io *io, int fault)
{
	struct sim_stor *st = io->st;

	switch (fault) {
	case STOR_FAULT_SENSE:
		stor_sense(io, st->fault_sense[0], st->fault_sense[1], st->fault_sense[2]);
		return true;
	case STOR_FAULT_BUSY:
		io->srb->scsi_status = SAM_STAT_BUSY;
		io->srb->srb_status = HVX_SRB_ERROR;
		return true;
	}
	return false;
}

static u32 stor_fault_after(struct stor_io *io, int fault, struct hvx_vstor_packet *reply)
{
	switch (fault) {
	case STOR_FAULT_BAD_SENSE:
		reply->srb.scsi_status = SAM_STAT_CHECK_CONDITION;
		reply->srb.srb_status = HVX_SRB_ERROR | HVX_SRB_AUTOSENSE_VALID;
		reply->srb.sense_length = 0xff;
		break;
	case STOR_FAULT_OVERLONG:
		reply->srb.data_length = cpu_to_le32(io->moved + 4096);
		break;
	case STOR_FAULT_SHORT:
		return 20;
	}
	return sizeof(*reply);
}

static void stor_srb(struct sim_channel *ch, struct sim_stor *st,
		     const struct hvx_ring_pkt *pkt, const u8 *packet,
		     struct hvx_vstor_packet *reply)
{
	struct stor_io io = { .st = st, .srb = &reply->srb };
	u8 cdb[HVX_VSTOR_CDB_MAX];
	bool lose;
	int fault;
	u32 len;

	memcpy(cdb, reply->srb.cdb, sizeof(cdb));
	io.cdb = cdb;
	io.has_data = !sim_gpa_parse(pkt, packet, &io.gpa);
	if (pkt->type == HVX_VMPKT_DATA_USING_GPA_DIRECT && !io.has_data) {
		stor_count_bad(st);
		return;
	}
	reply->srb.srb_status = HVX_SRB_SUCCESS;
	reply->srb.scsi_status = SAM_STAT_GOOD;
	reply->srb.sense_length = 0;
	mutex_lock(&st->lock);
	st->srbs++;
	fault = xchg(&st->fault, STOR_FAULT_NONE);
	if (!stor_fault_before(&io, fault))
		stor_execute(&io);
	lose = st->lose;
	if (lose) {
		st->lose--;
		st->lost++;
	}
	mutex_unlock(&st->lock);
	if (!(reply->srb.srb_status & HVX_SRB_AUTOSENSE_VALID))
		memset(reply->srb.sense, 0, sizeof(reply->srb.sense));
	reply->srb.data_length = cpu_to_le32(io.moved);
	len = stor_fault_after(&io, fault, reply);
	if (!lose)
		sim_chan_send(ch, HVX_VMPKT_COMP, 0, pkt->trans_id, reply, len);
}

/*
 * The adapter's names (Hyper-V's virtual WWNs start c0:03:ff): port ...00,
 * node ...01; after a failover the secondary pair, ...02 and ...03, is active.
 */
static void stor_fill_wwn(struct hvx_vstor_wwn *wwn, bool secondary)
{
	static const u8 base[7] = { 0xc0, 0x03, 0xff, 0x00, 0x00, 0xff, 0xff };

	memset(wwn, 0, sizeof(*wwn));
	wwn->primary_active = !secondary;
	memcpy(wwn->primary_port, base, 7);
	memcpy(wwn->primary_node, base, 7);
	memcpy(wwn->secondary_port, base, 7);
	memcpy(wwn->secondary_node, base, 7);
	wwn->primary_node[7] = 1;
	wwn->secondary_port[7] = 2;
	wwn->secondary_node[7] = 3;
}

/* The control operations: each answered with status 0, or failed. */
static u32 stor_control_op(struct sim_channel *ch, struct sim_stor *st, u32 op,
			   struct hvx_vstor_packet *reply)
{
	static const u16 versions[] = { HVX_VSTOR_WIN10, HVX_VSTOR_WIN8_1, HVX_VSTOR_WIN8 };
	u16 v;
	int i;

	switch (op) {
	case HVX_VSTOR_BEGIN_INIT:
	case HVX_VSTOR_END_INIT:
	case HVX_VSTOR_RESET_BUS:
	case HVX_VSTOR_RESET_ADAPTER:
	case HVX_VSTOR_RESET_LUN:
		return 0;
	case HVX_VSTOR_QUERY_VERSION:
		v = le16_to_cpu(reply->version.version);
		for (i = 0; i < ARRAY_SIZE(versions); i++) {
			if (versions[i] == v) {
				WRITE_ONCE(st->version, v);
				return 0;
			}
		}
		return 0xc0000001;
	case HVX_VSTOR_QUERY_PROPERTIES:
		memset(&reply->props, 0, sizeof(reply->props));
		if (sim_chan_device(ch)->backend != &sim_ide_backend) {
			reply->props.max_channels = cpu_to_le16(STOR_SUB_CHANNELS);
			reply->props.flags = cpu_to_le32(HVX_VSTOR_MULTI_CHANNEL);
		}
		reply->props.max_transfer = cpu_to_le32(STOR_MAX_TRANSFER);
		return 0;
	case HVX_VSTOR_FCHBA_DATA:
		stor_fill_wwn(&reply->wwn, false);
		return 0;
	case HVX_VSTOR_CREATE_SUB_CHANNELS:
		v = le16_to_cpu(reply->sub_channels);
		if (!v || v > STOR_SUB_CHANNELS)
			return 0xc0000001;
		sim_offer_sub_channels(sim_chan_device(ch), v);
		return 0;
	}
	stor_count_bad(st);
	return 0xc0000001;
}

/* Count a RESET_BUS; true when the host is to leave it unanswered for now. */
static bool stor_hold_reset(struct sim_stor *st, u64 trans_id)
{
	bool hold;

	mutex_lock(&st->lock);
	st->resets++;
	hold = st->hold_reset;
	if (hold) {
		st->hold_reset = false;
		st->reset_held = true;
		st->held_reset_id = trans_id;
	}
	mutex_unlock(&st->lock);
	return hold;
}

static void stor_handle_packet(struct sim_channel *ch, const struct hvx_ring_pkt *pkt,
			       const u8 *packet)
{
	struct sim_stor *st = sim_chan_state(ch);
	struct hvx_vstor_packet reply;
	u32 op, status;

	if (hvx_ring_payload_len(pkt) < sizeof(reply)) {
		stor_count_bad(st);
		return;
	}
	memcpy(&reply, packet + pkt->offset, sizeof(reply));
	op = le32_to_cpu(reply.op);
	if (op == HVX_VSTOR_EXECUTE_SRB) {
		reply.op = cpu_to_le32(HVX_VSTOR_COMPLETE_IO);
		reply.status = 0;
		stor_srb(ch, st, pkt, packet, &reply);
		return;
	}
	if (op == HVX_VSTOR_RESET_BUS && stor_hold_reset(st, pkt->trans_id))
		return;
	status = stor_control_op(ch, st, op, &reply);
	reply.op = cpu_to_le32(HVX_VSTOR_COMPLETE_IO);
	reply.status = cpu_to_le32(status);
	sim_chan_send(ch, HVX_VMPKT_COMP, 0, pkt->trans_id, &reply, sizeof(reply));
}

/* ---- control ------------------------------------------------------------ */

static int stor_lun_alloc(struct sim_lun *lun, u32 mb)
{
	lun->data = vzalloc((size_t)mb << 20);
	if (!lun->data)
		return -ENOMEM;
	lun->blocks = ((u64)mb << 20) / STOR_BLOCK;
	return 0;
}

static int stor_tell_guest(struct sim_device *dev, u32 op)
{
	struct hvx_vstor_packet msg = { .op = cpu_to_le32(op) };

	return sim_device_send(dev, HVX_VMPKT_DATA_INBAND, 0, 0, &msg, sizeof(msg));
}

static int stor_lun_add(struct sim_device *dev, char *args)
{
	struct sim_stor *st = dev->state;
	u32 lun, mb;
	int ret;

	if (sscanf(args, "%u %u", &lun, &mb) != 2 || lun >= STOR_MAX_LUNS || !mb || mb > 512)
		return -EINVAL;
	mutex_lock(&st->lock);
	ret = st->luns[lun].data ? -EEXIST : stor_lun_alloc(&st->luns[lun], mb);
	mutex_unlock(&st->lock);
	if (!ret)
		stor_tell_guest(dev, HVX_VSTOR_ENUMERATE_BUS);
	return ret;
}

static int stor_lun_remove(struct sim_device *dev, char *args)
{
	struct sim_stor *st = dev->state;
	void *data;
	u32 lun;

	if (kstrtou32(args, 0, &lun) || lun >= STOR_MAX_LUNS)
		return -EINVAL;
	mutex_lock(&st->lock);
	data = st->luns[lun].data;
	st->luns[lun].data = NULL;
	mutex_unlock(&st->lock);
	if (!data)
		return -ENOENT;
	vfree(data);
	stor_tell_guest(dev, HVX_VSTOR_REMOVE_DEVICE);
	return 0;
}

/* FC: the secondary port becomes active; the host tells the guest. */
static int stor_failover(struct sim_device *dev, char *args)
{
	struct hvx_vstor_packet msg = { .op = cpu_to_le32(HVX_VSTOR_FCHBA_DATA) };

	stor_fill_wwn(&msg.wwn, true);
	return sim_device_send(dev, HVX_VMPKT_DATA_INBAND, 0, 0, &msg, sizeof(msg));
}

static int stor_lose(struct sim_device *dev, char *args)
{
	struct sim_stor *st = dev->state;
	u32 n;

	if (kstrtou32(args, 0, &n))
		return -EINVAL;
	mutex_lock(&st->lock);
	st->lose = n;
	mutex_unlock(&st->lock);
	return 0;
}

static int stor_set_fault(struct sim_device *dev, int fault)
{
	struct sim_stor *st = dev->state;

	WRITE_ONCE(st->fault, fault);
	return 0;
}

static int stor_fault_sense(struct sim_device *dev, char *args)
{
	struct sim_stor *st = dev->state;
	u8 s[3];

	if (sscanf(args, "%hhx %hhx %hhx", &s[0], &s[1], &s[2]) != 3)
		return -EINVAL;
	mutex_lock(&st->lock);
	memcpy(st->fault_sense, s, sizeof(s));
	mutex_unlock(&st->lock);
	return stor_set_fault(dev, STOR_FAULT_SENSE);
}

static int stor_fault_busy(struct sim_device *dev, char *args)
{
	return stor_set_fault(dev, STOR_FAULT_BUSY);
}

static int stor_fault_bad_sense(struct sim_device *dev, char *args)
{
	return stor_set_fault(dev, STOR_FAULT_BAD_SENSE);
}

static int stor_fault_overlong(struct sim_device *dev, char *args)
{
	return stor_set_fault(dev, STOR_FAULT_OVERLONG);
}

static int stor_fault_short(struct sim_device *dev, char *args)
{
	return stor_set_fault(dev, STOR_FAULT_SHORT);
}

static int stor_fault_hold_reset(struct sim_device *dev, char *args)
{
	struct sim_stor *st = dev->state;

	mutex_lock(&st->lock);
	st->hold_reset = true;
	mutex_unlock(&st->lock);
	return 0;
}

static int stor_release_reset(struct sim_device *dev, char *args)
{
	struct hvx_vstor_packet reply = { .op = cpu_to_le32(HVX_VSTOR_COMPLETE_IO) };
	struct sim_stor *st = dev->state;
	bool held;
	u64 id;

	mutex_lock(&st->lock);
	held = st->reset_held;
	id = st->held_reset_id;
	st->reset_held = false;
	mutex_unlock(&st->lock);
	if (!held)
		return -ENOENT;
	return sim_device_send(dev, HVX_VMPKT_COMP, 0, id, &reply, sizeof(reply));
}

static const struct sim_command stor_commands[] = {
	{ "lun_add", stor_lun_add },
	{ "lun_remove", stor_lun_remove },
	{ "failover", stor_failover },
	{ "lose", stor_lose },
	{ "sense", stor_fault_sense },
	{ "busy", stor_fault_busy },
	{ "bad_sense", stor_fault_bad_sense },
	{ "overlong", stor_fault_overlong },
	{ "short", stor_fault_short },
	{ "hold_reset", stor_fault_hold_reset },
	{ "release_reset", stor_release_reset },
};

static void stor_show(struct sim_device *dev, struct seq_file *s)
{
	struct sim_stor *st = dev->state;
	unsigned int i, luns = 0;

	mutex_lock(&st->lock);
	for (i = 0; i < STOR_MAX_LUNS; i++)
		luns += !!st->luns[i].data;
	seq_printf(s, " version=%#x luns=%u srbs=%llu reads=%llu writes=%llu unmapped=%llu",
		   st->version, luns, st->srbs, st->reads, st->writes, st->unmapped);
	seq_printf(s, " lost=%llu bad=%llu resets=%llu reset_held=%d", st->lost, st->bad,
		   st->resets, st->reset_held);
	mutex_unlock(&st->lock);
}

static int stor_init(struct sim_device *dev)
{
	struct sim_stor *st = dev->state;

	mutex_init(&st->lock);
	return stor_lun_alloc(&st->luns[0], STOR_DEFAULT_MB);
}

static void stor_release(struct sim_device *dev)
{
	struct sim_stor *st = dev->state;
	unsigned int i;

	for (i = 0; i < STOR_MAX_LUNS; i++)
		vfree(st->luns[i].data);
	mutex_destroy(&st->lock);
}

#define STOR_BACKEND(backend_name, class)			\
	.name = backend_name,					\
	.class_id = class,					\
	.monitored = true,					\
	.state_size = sizeof(struct sim_stor),			\
	.init = stor_init,					\
	.release = stor_release,				\
	.handle_packet = stor_handle_packet,			\
	.commands = stor_commands,				\
	.nr_commands = ARRAY_SIZE(stor_commands),		\
	.show = stor_show

/* Emulated IDE: the same disks, one channel, no sub-channels. */
const struct sim_backend sim_ide_backend = {
	STOR_BACKEND("ide", HVX_CLASS_IDE),
};

const struct sim_backend sim_storage_backend = {
	STOR_BACKEND("scsi", HVX_CLASS_SCSI),
};

/* Virtual Fibre Channel: the same disks behind a WWN-named adapter. */
const struct sim_backend sim_fc_backend = {
	STOR_BACKEND("fc", HVX_CLASS_FC),
};
