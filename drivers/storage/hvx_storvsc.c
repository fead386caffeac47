// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_storvsc: the Hyper-V synthetic SCSI controller as a Linux SCSI host.
 *
 * Each SCSI command becomes one EXECUTE_SRB; its data goes to the host as
 * one GPA-direct page range (virt_boundary keeps the scatter list free of
 * gaps). Commands are spread over the primary channel and the sub-channels
 * the host offers, one blk-mq hardware queue per CPU. Every completion
 * finds its command through the channel's request-id allocator: unknown,
 * stale or duplicate ids, short packets, oversized sense or transfer
 * lengths are rejected and counted. A command the host never completes
 * ends in SCSI error handling (host reset), and a rescind fails whatever
 * is outstanding, so nothing waits forever on the host.
 */
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_eh.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_tcq.h>
#include <scsi/scsi_transport_fc.h>
#include <kunit/visibility.h>
#include <hvx/drop_in.h>
#include <hvx/rqstor.h>
#include <hvx/storvsc.h>
#include <hvx/vmbus.h>
#include <hvx/vmbus_classes.h>
#include <hvx/vstor.h>

static unsigned int ring_kb = 128;
module_param(ring_kb, uint, 0444);
MODULE_PARM_DESC(ring_kb, "Ring size per channel and direction, KiB (default 128)");

static unsigned int max_sub_channels = 64;
module_param(max_sub_channels, uint, 0444);
MODULE_PARM_DESC(max_sub_channels,
		 "Sub-channels to ask for at most (default 64; also capped by CPUs - 1 and the host)");

static unsigned int ctrl_timeout_s = 30;
module_param(ctrl_timeout_s, uint, 0644);
MODULE_PARM_DESC(ctrl_timeout_s, "Seconds to wait for the host to answer a control request");

#define STOR_MAX_XFER		SZ_1M	/* per command, whatever the host allows */
#define STOR_MAX_PFNS		(STOR_MAX_XFER / HVX_GPA_PAGE_SIZE + 1)
#define STOR_MAX_CHANNELS	65
#define STOR_CTRL_ID		(U64_MAX - 2)	/* never a request id */
#define STOR_RX_BYTES		(sizeof(struct hvx_vmpacket_desc) + 128)
#define STOR_PKT_COST		256	/* ring bytes a request costs, for the depth */

enum stor_class_id { STOR_SCSI, STOR_FC, STOR_IDE };

/* What differs between the controller classes Hyper-V offers. */
struct stor_class {
	const char *name;
	u32 max_lun;
	u32 max_id;
	u32 channels;		/* SCSI channels (paths) to scan */
	u32 max_transfer;	/* cap, on top of the host's */
	bool multi_queue;	/* sub-channels and a queue per CPU */
};

static const struct stor_class stor_classes[] = {
	[STOR_SCSI] = { "SCSI", 255, 2, 8, STOR_MAX_XFER, true },
	/* Virtual Fibre Channel: WWNs in the FC transport class, one remote port. */
	[STOR_FC] = { "FC", 255, 128, 8, SZ_512K, true },
	/* Emulated IDE: one disk, at the target the instance GUID names. */
	[STOR_IDE] = { "IDE", 64, 1, 1, STOR_MAX_XFER, false },
};

static const u16 stor_versions[] = { HVX_VSTOR_WIN10, HVX_VSTOR_WIN8_1, HVX_VSTOR_WIN8 };

/**
 * hvx_vstor_result() - the SCSI result of an SRB's status
 * @srb_status: the host's SRB status, flags included
 * @scsi_status: the target's status byte
 *
 * Whatever carries sense data, or a status the target set, is the target's
 * answer and goes to the midlayer as such; an underrun is a success with a
 * residue; the rest are the adapter's failures.
 */
u32 hvx_vstor_result(u8 srb_status, u8 scsi_status)
{
	u32 host;

	switch (srb_status & HVX_SRB_STATUS_MASK) {
	case HVX_SRB_SUCCESS:
	case HVX_SRB_DATA_OVERRUN:
		host = DID_OK;
		break;
	case HVX_SRB_INVALID_LUN:
	case HVX_SRB_SELECTION_TIMEOUT:
		return DID_NO_CONNECT << 16;
	case HVX_SRB_BUS_RESET:
		return DID_RESET << 16;
	case HVX_SRB_TIMEOUT:
		return DID_TIME_OUT << 16;
	default:
		host = (srb_status & HVX_SRB_AUTOSENSE_VALID) || scsi_status ? DID_OK : DID_ERROR;
	}
	return host << 16 | scsi_status;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_vstor_result);

/**
 * hvx_vstor_sg_pfns() - the page frames a gap-free scatter list covers
 * @sgl: the list
 * @nents: its entries
 * @pfns: the frames, in order
 * @max: room in @pfns
 * @offset: where the data starts in the first frame
 *
 * Only the first entry may start inside a page, only the last may end
 * inside one (what the queue's virt_boundary guarantees).
 * Return: the number of frames; -EINVAL for a list with a gap; -E2BIG.
 */
int hvx_vstor_sg_pfns(struct scatterlist *sgl, unsigned int nents, __le64 *pfns,
		      u32 max, u32 *offset)
{
	struct scatterlist *sg;
	unsigned int i;
	u32 n = 0, p;

	BUILD_BUG_ON(PAGE_SIZE != HVX_GPA_PAGE_SIZE);
	for_each_sg(sgl, sg, nents, i) {
		u64 pfn = page_to_pfn(sg_page(sg)) + sg->offset / PAGE_SIZE;
		u32 start = sg->offset % PAGE_SIZE, end = start + sg->length;

		if (!sg->length || (i && start) || (i + 1 < nents && end % PAGE_SIZE))
			return -EINVAL;
		if (!i)
			*offset = start;
		for (p = 0; p < DIV_ROUND_UP(end, PAGE_SIZE); p++) {
			if (n == max)
				return -E2BIG;
			pfns[n++] = cpu_to_le64(pfn + p);
		}
	}
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_vstor_sg_pfns);

/**
 * hvx_vstor_build_srb() - an EXECUTE_SRB packet
 * @pkt: the packet
 * @cdb: the command
 * @cdb_len: its length, at most HVX_VSTOR_CDB_MAX
 * @path: SCSI channel
 * @target: SCSI id
 * @lun: LUN
 * @dir: DMA_TO_DEVICE, DMA_FROM_DEVICE or DMA_NONE
 * @len: bytes to move
 */
void hvx_vstor_build_srb(struct hvx_vstor_packet *pkt, const u8 *cdb, u8 cdb_len,
			 u8 path, u8 target, u8 lun, int dir, u32 len)
{
	struct hvx_vstor_srb *srb = &pkt->srb;
	u32 flags = HVX_SRB_FLAG_DISABLE_SYNCH_TRANSFER | HVX_SRB_FLAG_QUEUE_ACTION_ENABLE;

	memset(pkt, 0, sizeof(*pkt));
	pkt->op = cpu_to_le32(HVX_VSTOR_EXECUTE_SRB);
	pkt->flags = cpu_to_le32(HVX_VSTOR_FLAG_REQUEST_COMPLETION);
	srb->length = cpu_to_le16(sizeof(*srb));
	srb->path_id = path;
	srb->target_id = target;
	srb->lun = lun;
	srb->cdb_length = cdb_len;
	memcpy(srb->cdb, cdb, cdb_len);
	srb->sense_length = HVX_VSTOR_SENSE_MAX;
	srb->data_length = cpu_to_le32(len);
	srb->queue_tag = HVX_SRB_UNTAGGED;
	srb->queue_action = HVX_SRB_SIMPLE_TAG;
	srb->timeout = cpu_to_le32(60);
	if (dir == DMA_TO_DEVICE) {
		srb->data_in = HVX_VSTOR_DATA_OUT;
		flags |= HVX_SRB_FLAG_DATA_OUT;
	} else if (dir == DMA_FROM_DEVICE) {
		srb->data_in = HVX_VSTOR_DATA_IN;
		flags |= HVX_SRB_FLAG_DATA_IN;
	} else {
		srb->data_in = HVX_VSTOR_DATA_NONE;
	}
	srb->srb_flags = cpu_to_le32(flags);
}
EXPORT_SYMBOL_IF_KUNIT(hvx_vstor_build_srb);

struct stor_stats {
	atomic64_t requests;	/* SRBs sent */
	atomic64_t completions;	/* ... completed by the host */
	atomic64_t bad;		/* malformed host packets, dropped */
	atomic64_t rejected;	/* completions with an id not in flight */
	atomic64_t bad_lengths;	/* oversized sense or transfer lengths */
	atomic64_t busy;	/* ring full: the midlayer retries */
	atomic64_t canceled;	/* failed by reset or rescind */
	atomic64_t rerouted;	/* sent on the primary: their sub-channel was rescinded */
	atomic64_t resets;
	atomic64_t rescans;
};

struct stor_chan {
	struct hvx_storvsc *stor;
	struct hvx_channel *ch;
	struct hvx_rqstor ids;	/* cookie: the scsi_cmnd */
	u8 rx[STOR_RX_BYTES];
};

struct hvx_storvsc {
	struct hvx_device *hdev;
	const struct stor_class *class;
	struct Scsi_Host *shost;
	struct dentry *debugfs;
	u16 version;
	u32 max_transfer;
	u32 depth;			/* requests per channel */
	rwlock_t chan_lock;		/* guards chans/nr_chans against sends */
	struct stor_chan *chans[STOR_MAX_CHANNELS];	/* [0]: the primary */
	unsigned int nr_chans;
	struct mutex ctrl_lock;		/* one control request at a time */
	struct completion ctrl_done;
	bool ctrl_waiting;		/* under ctrl_wait_lock */
	spinlock_t ctrl_wait_lock;	/* guards ctrl_waiting, ctrl_reply, removing */
	struct hvx_vstor_packet ctrl_reply;
	bool removing;
	struct work_struct rescan_work;
	u64 node_name, port_name;	/* FC: the adapter's active WWNs */
	struct fc_rport *rport;
	struct stor_stats stats;
};

/* What a command carries while in flight. */
struct stor_cmd {
	struct hvx_vstor_packet pkt;
	__le64 pfns[STOR_MAX_PFNS];
};

static struct dentry *stor_debugfs_root;
/* The FC transport class, for virtual Fibre Channel adapters. */
static struct scsi_transport_template *stor_fc_transport;

static struct hvx_storvsc *shost_stor(struct Scsi_Host *shost)
{
	return *(struct hvx_storvsc **)shost_priv(shost);
}

static void stor_schedule_rescan(struct hvx_storvsc *stor)
{
	unsigned long flags;

	spin_lock_irqsave(&stor->ctrl_wait_lock, flags);
	if (!stor->removing)
		schedule_work(&stor->rescan_work);
	spin_unlock_irqrestore(&stor->ctrl_wait_lock, flags);
}

/* ---- completions (the channel callbacks, softirq) ------------------------- */

static void stor_finish(struct hvx_storvsc *stor, struct scsi_cmnd *scmd,
			const struct hvx_vstor_srb *srb)
{
	u32 want = scsi_bufflen(scmd), moved = le32_to_cpu(srb->data_length);
	u8 sense_len = srb->sense_length;

	scmd->result = hvx_vstor_result(srb->srb_status, srb->scsi_status);
	if (sense_len > HVX_VSTOR_SENSE_MAX || moved > want) {
		atomic64_inc(&stor->stats.bad_lengths);
		scmd->result = DID_ERROR << 16;
		moved = 0;
	} else if (srb->srb_status & HVX_SRB_AUTOSENSE_VALID &&
		   srb->scsi_status == SAM_STAT_CHECK_CONDITION) {
		memcpy(scmd->sense_buffer, srb->sense, min_t(u32, sense_len,
							     SCSI_SENSE_BUFFERSIZE));
	}
	if ((srb->srb_status & HVX_SRB_STATUS_MASK) == HVX_SRB_INVALID_LUN)
		stor_schedule_rescan(stor);
	scsi_set_resid(scmd, want - moved);
	scsi_done(scmd);
}

static void stor_on_complete_io(struct stor_chan *sc, const struct hvx_ring_pkt *pkt,
				const struct hvx_vstor_packet *reply)
{
	struct hvx_storvsc *stor = sc->stor;
	u64 cookie;

	if (pkt->trans_id == STOR_CTRL_ID) {
		spin_lock(&stor->ctrl_wait_lock);
		if (stor->ctrl_waiting) {
			stor->ctrl_reply = *reply;
			stor->ctrl_waiting = false;
			complete(&stor->ctrl_done);
		} else {
			atomic64_inc(&stor->stats.rejected);
		}
		spin_unlock(&stor->ctrl_wait_lock);
		return;
	}
	if (hvx_rqstor_put(&sc->ids, pkt->trans_id, &cookie)) {
		atomic64_inc(&stor->stats.rejected);
		return;
	}
	atomic64_inc(&stor->stats.completions);
	stor_finish(stor, (struct scsi_cmnd *)(uintptr_t)cookie, &reply->srb);
}

/*
 * FCHBA_DATA: keep the active port's names; the FC class shows them once
 * its host data exists (scsi_add_host() allocates it; the remote port is
 * added after that). The host may send this at any time, even before.
 */
static void stor_cache_wwn(struct hvx_storvsc *stor, const struct hvx_vstor_wwn *wwn)
{
	bool primary = wwn->primary_active;

	stor->node_name = wwn_to_u64(primary ? wwn->primary_node : wwn->secondary_node);
	stor->port_name = wwn_to_u64(primary ? wwn->primary_port : wwn->secondary_port);
	if (READ_ONCE(stor->rport)) {
		fc_host_node_name(stor->shost) = stor->node_name;
		fc_host_port_name(stor->shost) = stor->port_name;
	}
}

static void stor_on_packet(struct stor_chan *sc, const struct hvx_ring_pkt *pkt)
{
	const struct hvx_vstor_packet *reply = (const void *)(sc->rx + pkt->offset);

	if (hvx_ring_payload_len(pkt) < sizeof(*reply)) {
		atomic64_inc(&sc->stor->stats.bad);
		return;
	}
	switch (le32_to_cpu(reply->op)) {
	case HVX_VSTOR_COMPLETE_IO:
		stor_on_complete_io(sc, pkt, reply);
		break;
	case HVX_VSTOR_ENUMERATE_BUS:
	case HVX_VSTOR_REMOVE_DEVICE:
		stor_schedule_rescan(sc->stor);
		break;
	case HVX_VSTOR_FCHBA_DATA:
		stor_cache_wwn(sc->stor, &reply->wwn);
		break;
	default:
		atomic64_inc(&sc->stor->stats.bad);
	}
}

/* Fail a command the host will never complete. */
static void stor_cancel_one(void *ctx, u64 cookie)
{
	struct scsi_cmnd *scmd = (struct scsi_cmnd *)(uintptr_t)cookie;
	struct hvx_storvsc *stor = ctx;

	atomic64_inc(&stor->stats.canceled);
	scmd->result = (hvx_channel_rescinded(stor->hdev->channel) ? DID_NO_CONNECT :
			DID_RESET) << 16;
	scsi_done(scmd);
}

static void stor_callback(void *ctx)
{
	struct stor_chan *sc = ctx;
	struct hvx_ring_pkt pkt;
	unsigned int n;
	int ret;

	for (n = 0; n < HVX_CHANNEL_CB_BUDGET; n++) {
		ret = hvx_channel_recv(sc->ch, sc->rx, sizeof(sc->rx), &pkt);
		if (ret == -EAGAIN || ret == -EIO)
			break;
		if (ret)
			atomic64_inc(&sc->stor->stats.bad);
		else
			stor_on_packet(sc, &pkt);
	}
	if (!hvx_channel_rescinded(sc->ch))
		return;
	hvx_rqstor_cancel_all(&sc->ids, stor_cancel_one, sc->stor);
	/* Control requests go on the primary: only its rescind ends their wait. */
	if (sc->ch != sc->stor->hdev->channel)
		return;
	spin_lock(&sc->stor->ctrl_wait_lock);
	if (sc->stor->ctrl_waiting) {
		sc->stor->ctrl_waiting = false;
		complete(&sc->stor->ctrl_done);
	}
	spin_unlock(&sc->stor->ctrl_wait_lock);
}

/* ---- commands ------------------------------------------------------------ */

/*
 * The channel of the command's queue; the primary instead of a sub-channel
 * the host has taken back but whose removal has not reached us yet.
 */
static struct stor_chan *stor_pick_chan(struct hvx_storvsc *stor, struct scsi_cmnd *scmd)
{
	u32 hwq = blk_mq_unique_tag_to_hwq(blk_mq_unique_tag(scsi_cmd_to_rq(scmd)));
	struct stor_chan *sc = stor->chans[hwq % stor->nr_chans];

	return hvx_channel_rescinded(sc->ch) ? stor->chans[0] : sc;
}

static int stor_send(struct stor_chan *sc, struct scsi_cmnd *scmd, u64 id)
{
	struct stor_cmd *c = scsi_cmd_priv(scmd);
	u32 offset = 0;
	int nr;

	if (!scsi_sg_count(scmd))
		return hvx_channel_send(sc->ch, HVX_VMPKT_DATA_INBAND,
					HVX_VMPKT_FLAG_COMPLETION_REQUESTED, id,
					&c->pkt, sizeof(c->pkt));
	nr = hvx_vstor_sg_pfns(scsi_sglist(scmd), scsi_sg_count(scmd), c->pfns,
			       STOR_MAX_PFNS, &offset);
	if (nr < 0)
		return nr;
	return hvx_channel_send_gpa(sc->ch, HVX_VMPKT_FLAG_COMPLETION_REQUESTED, id,
				    offset, scsi_bufflen(scmd), c->pfns, nr,
				    &c->pkt, sizeof(c->pkt));
}

/*
 * Send @scmd on @sc under a fresh request id. Return: 0; -ECANCELED when
 * the send failed but a rescind had already completed the command (its id
 * was canceled: it is no longer ours); else why it was not sent.
 */
static int stor_submit(struct stor_chan *sc, struct scsi_cmnd *scmd)
{
	u64 id, unused;
	int ret;

	ret = hvx_rqstor_get(&sc->ids, (uintptr_t)scmd, &id);
	if (ret)
		return ret;
	ret = stor_send(sc, scmd, id);
	if (ret && hvx_rqstor_put(&sc->ids, id, &unused))
		return -ECANCELED;
	return ret;
}

static int stor_queuecommand(struct Scsi_Host *shost, struct scsi_cmnd *scmd)
{
	struct hvx_storvsc *stor = shost_stor(shost);
	struct stor_cmd *c = scsi_cmd_priv(scmd);
	struct scsi_device *sdev = scmd->device;
	struct stor_chan *sc;
	int ret;

	if (scmd->cmd_len > HVX_VSTOR_CDB_MAX) {
		scmd->result = DID_ERROR << 16;
		scsi_done(scmd);
		return 0;
	}
	hvx_vstor_build_srb(&c->pkt, scmd->cmnd, scmd->cmd_len, sdev->channel, sdev->id,
			    sdev->lun, scmd->sc_data_direction, scsi_bufflen(scmd));
	c->pkt.srb.port = shost->host_no;

	read_lock(&stor->chan_lock);
	sc = stor_pick_chan(stor, scmd);
	ret = stor_submit(sc, scmd);
	/* A sub-channel rescinded since we picked it: the primary carries it. */
	if (ret == -ENODEV && sc != stor->chans[0]) {
		atomic64_inc(&stor->stats.rerouted);
		ret = stor_submit(stor->chans[0], scmd);
	}
	read_unlock(&stor->chan_lock);

	switch (ret) {
	case 0:
		atomic64_inc(&stor->stats.requests);
		return 0;
	case -ECANCELED:
		return 0;
	case -EAGAIN:	/* ring full */
	case -ENOSPC:	/* every id in use */
		atomic64_inc(&stor->stats.busy);
		return SCSI_MLQUEUE_HOST_BUSY;
	case -ENODEV:	/* rescinded */
	case -ENOTCONN:
		scmd->result = DID_NO_CONNECT << 16;
		break;
	default:
		scmd->result = DID_ERROR << 16;
	}
	scsi_done(scmd);
	return 0;
}

/* ---- control requests ---------------------------------------------------- */

/*
 * Send a control operation on the primary channel and wait for its
 * COMPLETE_IO; @pkt carries the request in and the reply out.
 */
static int stor_control(struct hvx_storvsc *stor, u32 op, struct hvx_vstor_packet *pkt)
{
	struct device *dev = &stor->hdev->dev;
	int ret;

	pkt->op = cpu_to_le32(op);
	pkt->flags = cpu_to_le32(HVX_VSTOR_FLAG_REQUEST_COMPLETION);
	mutex_lock(&stor->ctrl_lock);
	reinit_completion(&stor->ctrl_done);
	spin_lock_bh(&stor->ctrl_wait_lock);
	stor->ctrl_waiting = true;
	/* Never a reply to an earlier request, whatever wakes us. */
	memset(&stor->ctrl_reply, 0, sizeof(stor->ctrl_reply));
	spin_unlock_bh(&stor->ctrl_wait_lock);
	ret = hvx_channel_send(stor->hdev->channel, HVX_VMPKT_DATA_INBAND,
			       HVX_VMPKT_FLAG_COMPLETION_REQUESTED, STOR_CTRL_ID,
			       pkt, sizeof(*pkt));
	if (!ret && !wait_for_completion_timeout(&stor->ctrl_done, ctrl_timeout_s * HZ)) {
		dev_err(dev, "host did not answer operation %u in %u s\n", op, ctrl_timeout_s);
		ret = -ETIMEDOUT;
	}
	spin_lock_bh(&stor->ctrl_wait_lock);
	stor->ctrl_waiting = false;
	if (!ret && hvx_channel_rescinded(stor->hdev->channel))
		ret = -ENODEV;
	if (!ret) {
		*pkt = stor->ctrl_reply;
		if (le32_to_cpu(pkt->op) != HVX_VSTOR_COMPLETE_IO || pkt->status)
			ret = -EPROTO;
	}
	spin_unlock_bh(&stor->ctrl_wait_lock);
	mutex_unlock(&stor->ctrl_lock);
	return ret;
}

static int stor_negotiate(struct hvx_storvsc *stor)
{
	struct hvx_vstor_packet pkt = {};
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(stor_versions); i++) {
		memset(&pkt, 0, sizeof(pkt));
		pkt.version.version = cpu_to_le16(stor_versions[i]);
		ret = stor_control(stor, HVX_VSTOR_QUERY_VERSION, &pkt);
		if (!ret) {
			stor->version = stor_versions[i];
			return 0;
		}
		if (ret != -EPROTO)
			return ret;
	}
	dev_err(&stor->hdev->dev, "host accepts no VSTOR version from %#x down to %#x\n",
		stor_versions[0], stor_versions[ARRAY_SIZE(stor_versions) - 1]);
	return -EPROTO;
}

/* BEGIN, versions, properties, END; then ask for sub-channels. */
static int stor_connect(struct hvx_storvsc *stor, u16 *max_sub)
{
	struct hvx_vstor_packet pkt = {};
	int ret;

	ret = stor_control(stor, HVX_VSTOR_BEGIN_INIT, &pkt);
	if (!ret)
		ret = stor_negotiate(stor);
	if (ret)
		return ret;
	memset(&pkt, 0, sizeof(pkt));
	ret = stor_control(stor, HVX_VSTOR_QUERY_PROPERTIES, &pkt);
	if (ret)
		return ret;
	stor->max_transfer = min_t(u32, round_down(le32_to_cpu(pkt.props.max_transfer),
						   HVX_GPA_PAGE_SIZE), stor->class->max_transfer);
	if (stor->max_transfer < HVX_GPA_PAGE_SIZE) {
		dev_err(&stor->hdev->dev, "host allows transfers of %u bytes only\n",
			le32_to_cpu(pkt.props.max_transfer));
		return -EPROTO;
	}
	*max_sub = stor->class->multi_queue &&
		   le32_to_cpu(pkt.props.flags) & HVX_VSTOR_MULTI_CHANNEL ?
		   le16_to_cpu(pkt.props.max_channels) : 0;
	if (stor->class == &stor_classes[STOR_FC]) {
		memset(&pkt, 0, sizeof(pkt));
		ret = stor_control(stor, HVX_VSTOR_FCHBA_DATA, &pkt);
		if (ret)
			return ret;
		stor_cache_wwn(stor, &pkt.wwn);
	}
	memset(&pkt, 0, sizeof(pkt));
	return stor_control(stor, HVX_VSTOR_END_INIT, &pkt);
}

static void stor_ask_sub_channels(struct hvx_storvsc *stor, u16 host_max)
{
	struct hvx_vstor_packet pkt = {};
	u32 n = min3((u32)host_max, max_sub_channels, num_online_cpus() - 1);

	n = min_t(u32, n, STOR_MAX_CHANNELS - 1);
	if (!n)
		return;
	pkt.sub_channels = cpu_to_le16(n);
	if (stor_control(stor, HVX_VSTOR_CREATE_SUB_CHANNELS, &pkt))
		dev_warn(&stor->hdev->dev, "host refused %u sub-channels; using one channel\n", n);
}

/* ---- channels ------------------------------------------------------------ */

static struct stor_chan *stor_chan_open(struct hvx_storvsc *stor, struct hvx_channel *ch)
{
	struct stor_chan *sc = kzalloc(sizeof(*sc), GFP_KERNEL);
	int ret;

	if (!sc)
		return ERR_PTR(-ENOMEM);
	sc->stor = stor;
	sc->ch = ch;
	ret = hvx_rqstor_init(&sc->ids, stor->depth);
	if (ret)
		goto err_free;
	ret = hvx_channel_open(ch, ring_kb * SZ_1K, NULL, 0, stor_callback, sc);
	if (ret)
		goto err_ids;
	return sc;

err_ids:
	hvx_rqstor_destroy(&sc->ids);
err_free:
	kfree(sc);
	return ERR_PTR(ret);
}

static void stor_chan_close(struct hvx_storvsc *stor, struct stor_chan *sc)
{
	hvx_channel_close(sc->ch);
	/* The callback no longer runs: whatever is left will never complete. */
	hvx_rqstor_cancel_all(&sc->ids, stor_cancel_one, stor);
	hvx_rqstor_destroy(&sc->ids);
	kfree(sc);
}

static void stor_sub_channel(struct hvx_device *hdev, struct hvx_channel *ch)
{
	struct hvx_storvsc *stor = dev_get_drvdata(&hdev->dev);
	struct stor_chan *sc;

	if (stor->nr_chans == STOR_MAX_CHANNELS)
		return;
	sc = stor_chan_open(stor, ch);
	if (IS_ERR(sc)) {
		dev_warn(&hdev->dev, "sub-channel %u not opened: %ld\n",
			 hvx_channel_sub_index(ch), PTR_ERR(sc));
		return;
	}
	write_lock_bh(&stor->chan_lock);
	stor->chans[stor->nr_chans++] = sc;
	write_unlock_bh(&stor->chan_lock);
}

static void stor_sub_channel_rescind(struct hvx_device *hdev, struct hvx_channel *ch)
{
	struct hvx_storvsc *stor = dev_get_drvdata(&hdev->dev);
	struct stor_chan *sc = NULL;
	unsigned int i;

	write_lock_bh(&stor->chan_lock);
	for (i = 1; i < stor->nr_chans; i++) {
		if (stor->chans[i]->ch == ch) {
			sc = stor->chans[i];
			stor->chans[i] = stor->chans[--stor->nr_chans];
			break;
		}
	}
	write_unlock_bh(&stor->chan_lock);
	if (sc)
		stor_chan_close(stor, sc);
}

/* ---- SCSI host ----------------------------------------------------------- */

/* Find new LUNs; drop the ones the host no longer answers for. */
static void stor_rescan(struct work_struct *work)
{
	struct hvx_storvsc *stor = container_of(work, struct hvx_storvsc, rescan_work);
	struct scsi_sense_hdr sshdr;
	struct scsi_device *sdev;

	atomic64_inc(&stor->stats.rescans);
	if (stor->rport)
		scsi_scan_target(&stor->rport->dev, 0, stor->rport->scsi_target_id,
				 SCAN_WILD_CARD, SCSI_SCAN_RESCAN);
	else if (stor->class->max_id > 1)
		scsi_scan_host(stor->shost);
	shost_for_each_device(sdev, stor->shost) {
		int res = scsi_test_unit_ready(sdev, 10 * HZ, 1, &sshdr);

		if (res > 0 && host_byte(res) == DID_NO_CONNECT)
			scsi_remove_device(sdev);
	}
}

static int stor_host_reset(struct scsi_cmnd *scmd)
{
	struct hvx_storvsc *stor = shost_stor(scmd->device->host);
	struct hvx_vstor_packet pkt = {};
	unsigned int i;
	int ret;

	atomic64_inc(&stor->stats.resets);
	ret = stor_control(stor, HVX_VSTOR_RESET_BUS, &pkt);
	if (ret && ret != -ENODEV)
		return FAILED;
	/* The host dropped what it had: fail it all, the midlayer retries. */
	read_lock(&stor->chan_lock);
	for (i = 0; i < stor->nr_chans; i++)
		hvx_rqstor_cancel_all(&stor->chans[i]->ids, stor_cancel_one, stor);
	read_unlock(&stor->chan_lock);
	return SUCCESS;
}

static struct scsi_host_template stor_template = {
	.module = THIS_MODULE,
	.name = HVX_NAME_SCSI_HOST,
	.proc_name = HVX_NAME_SCSI_PROC,
	.queuecommand = stor_queuecommand,
	.eh_host_reset_handler = stor_host_reset,
	.change_queue_depth = scsi_change_queue_depth,
	.this_id = -1,
	.cmd_size = sizeof(struct stor_cmd),
	.track_queue_depth = 1,
	.virt_boundary_mask = HVX_GPA_PAGE_SIZE - 1,
};

static int stor_stats_show(struct seq_file *s, void *unused)
{
	struct hvx_storvsc *stor = s->private;
	struct stor_stats *st = &stor->stats;

	seq_printf(s, "version %#x\nchannels %u\nmax_transfer %u\n", stor->version,
		   READ_ONCE(stor->nr_chans), stor->max_transfer);
	seq_printf(s, "requests %lld\ncompletions %lld\nbad %lld\nrejected %lld\n",
		   atomic64_read(&st->requests), atomic64_read(&st->completions),
		   atomic64_read(&st->bad), atomic64_read(&st->rejected));
	seq_printf(s, "bad_lengths %lld\nbusy %lld\ncanceled %lld\nrerouted %lld\n",
		   atomic64_read(&st->bad_lengths), atomic64_read(&st->busy),
		   atomic64_read(&st->canceled), atomic64_read(&st->rerouted));
	seq_printf(s, "resets %lld\nrescans %lld\n", atomic64_read(&st->resets),
		   atomic64_read(&st->rescans));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stor_stats);

static int stor_add_host(struct hvx_storvsc *stor)
{
	struct Scsi_Host *shost = stor->shost;

	shost->max_id = stor->class->max_id;
	shost->max_lun = stor->class->max_lun;
	shost->max_channel = stor->class->channels - 1;
	shost->max_cmd_len = HVX_VSTOR_CDB_MAX;
	shost->nr_hw_queues = stor->class->multi_queue ? num_present_cpus() : 1;
	shost->can_queue = stor->depth;
	shost->cmd_per_lun = stor->depth;
	shost->max_sectors = stor->max_transfer >> SECTOR_SHIFT;
	shost->sg_tablesize = stor->max_transfer / HVX_GPA_PAGE_SIZE + 1;
	if (stor->class == &stor_classes[STOR_FC])
		shost->transportt = stor_fc_transport;
	return scsi_add_host(shost, &stor->hdev->dev);
}

/* No rescan from now on, and none running. */
static void stor_stop_rescans(struct hvx_storvsc *stor)
{
	spin_lock_bh(&stor->ctrl_wait_lock);
	stor->removing = true;
	spin_unlock_bh(&stor->ctrl_wait_lock);
	cancel_work_sync(&stor->rescan_work);
}

/* SCSI and FC controllers are scanned; an IDE one has its one disk. */
static int stor_scan(struct hvx_storvsc *stor)
{
	const guid_t *inst = &stor->hdev->instance_id;

	struct fc_rport_identifiers ids = { .roles = FC_PORT_ROLE_FCP_TARGET };

	if (stor->class->max_id == 1)
		return scsi_add_device(stor->shost, 0, inst->b[5] << 8 | inst->b[4], 0);
	if (stor->shost->transportt != stor_fc_transport) {
		scsi_scan_host(stor->shost);
		return 0;
	}
	/*
	 * Fibre Channel targets live behind remote ports: the host's side of
	 * the fabric is one, an FCP target, which the FC class scans from its
	 * own work (not the 8 x 128 targets of the whole bus, under our
	 * device lock, as a plain scan would).
	 */
	fc_host_node_name(stor->shost) = stor->node_name;
	fc_host_port_name(stor->shost) = stor->port_name;
	WRITE_ONCE(stor->rport, fc_remote_port_add(stor->shost, 0, &ids));
	return stor->rport ? 0 : -ENOMEM;
}

/* Before the SCSI host goes: the FC class's view of it. */
static void stor_remove_fc(struct hvx_storvsc *stor)
{
	if (stor->shost->transportt != stor_fc_transport)
		return;
	if (stor->rport)
		fc_remote_port_delete(stor->rport);
	fc_remove_host(stor->shost);
}

static int stor_probe(struct hvx_device *hdev, const struct hv_vmbus_device_id *id)
{
	struct hvx_storvsc *stor;
	struct Scsi_Host *shost;
	struct stor_chan *sc;
	u16 max_sub = 0;
	int ret;

	shost = scsi_host_alloc(&stor_template, sizeof(stor));
	if (!shost)
		return -ENOMEM;
	stor = kzalloc(sizeof(*stor), GFP_KERNEL);
	if (!stor) {
		scsi_host_put(shost);
		return -ENOMEM;
	}
	*(struct hvx_storvsc **)shost_priv(shost) = stor;
	stor->shost = shost;
	stor->hdev = hdev;
	stor->class = &stor_classes[id->driver_data];
	stor->depth = ring_kb * SZ_1K / STOR_PKT_COST;
	rwlock_init(&stor->chan_lock);
	mutex_init(&stor->ctrl_lock);
	init_completion(&stor->ctrl_done);
	spin_lock_init(&stor->ctrl_wait_lock);
	INIT_WORK(&stor->rescan_work, stor_rescan);
	dev_set_drvdata(&hdev->dev, stor);

	sc = stor_chan_open(stor, hdev->channel);
	if (IS_ERR(sc)) {
		ret = PTR_ERR(sc);
		goto err_free;
	}
	stor->chans[0] = sc;
	stor->nr_chans = 1;
	ret = stor_connect(stor, &max_sub);
	if (ret)
		goto err_close;
	ret = stor_add_host(stor);
	if (ret)
		goto err_close;
	stor->debugfs = debugfs_create_file(dev_name(&hdev->dev), 0444, stor_debugfs_root,
					    stor, &stor_stats_fops);
	stor_ask_sub_channels(stor, max_sub);
	ret = stor_scan(stor);
	if (ret)
		goto err_remove;
	return 0;

err_remove:
	stor_stop_rescans(stor);
	debugfs_remove(stor->debugfs);
	stor_remove_fc(stor);
	scsi_remove_host(shost);
err_close:
	stor_chan_close(stor, sc);
err_free:
	scsi_host_put(shost);
	kfree(stor);
	return ret;
}

static void stor_remove(struct hvx_device *hdev)
{
	struct hvx_storvsc *stor = dev_get_drvdata(&hdev->dev);
	unsigned int i;

	stor_stop_rescans(stor);
	/* A rescinded host completes nothing: the callback failed what was out. */
	stor_remove_fc(stor);
	scsi_remove_host(stor->shost);
	debugfs_remove(stor->debugfs);
	for (i = stor->nr_chans; i-- > 0;)
		stor_chan_close(stor, stor->chans[i]);
	scsi_host_put(stor->shost);
	kfree(stor);
}

static const struct hv_vmbus_device_id stor_ids[] = {
	{ .guid = HVX_CLASS_SCSI, .driver_data = STOR_SCSI },
	{ .guid = HVX_CLASS_FC, .driver_data = STOR_FC },
	{ .guid = HVX_CLASS_IDE, .driver_data = STOR_IDE },
	{ }
};
MODULE_DEVICE_TABLE(vmbus, stor_ids);

static struct hvx_driver stor_driver = {
	.name = HVX_NAME_STORVSC,
	.id_table = stor_ids,
	.probe = stor_probe,
	.remove = stor_remove,
	.sub_channel = stor_sub_channel,
	.sub_channel_rescind = stor_sub_channel_rescind,
};

static struct fc_function_template stor_fc_functions = {
	.show_host_node_name = 1,
	.show_host_port_name = 1,
};

static int __init stor_init(void)
{
	int ret;

	if (!ring_kb || ring_kb % (PAGE_SIZE / SZ_1K) || ring_kb > 16 * 1024) {
		pr_err("ring_kb must be a multiple of %lu up to 16384\n", PAGE_SIZE / SZ_1K);
		return -EINVAL;
	}
	stor_fc_transport = fc_attach_transport(&stor_fc_functions);
	if (!stor_fc_transport)
		return -ENOMEM;
	stor_debugfs_root = debugfs_create_dir("hvx_storvsc", NULL);
	ret = hvx_driver_register(&stor_driver);
	if (ret) {
		debugfs_remove(stor_debugfs_root);
		fc_release_transport(stor_fc_transport);
	}
	return ret;
}

static void __exit stor_exit(void)
{
	hvx_driver_unregister(&stor_driver);
	debugfs_remove(stor_debugfs_root);
	fc_release_transport(stor_fc_transport);
}

module_init(stor_init);
module_exit(stor_exit);
MODULE_DESCRIPTION("hvx: Hyper-V synthetic SCSI controller");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVX_VERSION);
