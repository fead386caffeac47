/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host side of the integration services (sim/ic.c): the IC framing and
 * NEGOTIATE every service shares, heartbeat, shutdown and time sync; and
 * (sim/ic_relay.c) the services a guest relays to its daemons: KVP, VSS
 * and file copy.
 */
#ifndef _HVX_SIM_IC_H
#define _HVX_SIM_IC_H

#include <hvx/ic.h>
#include "sim.h"

#define IC_MAX_OFFER	8

struct sim_ic {
	u32 offer[IC_MAX_OFFER];	/* service versions offered, newest first */
	u32 nr_offer;
	struct hvx_ic_versions agreed;	/* from the guest's NEGOTIATE answer */
	u8 trans_id;
	u64 seq;			/* heartbeat: the last sent */
	u64 seq_answer;			/* ... and the guest's answer */
	u32 status;			/* of the guest's last answer */
	u64 answers;
	u64 bad;			/* guest answers that made no sense */
	void *relay;			/* KVP, VSS, file copy: ic_relay.c's */
};

u16 sim_ic_msgtype(const struct sim_device *dev);
int sim_ic_send(struct sim_device *dev, struct sim_channel *ch, u16 type,
		const void *body, u32 len, u32 extra);

/* The backend operations all IC devices share. */
int sim_ic_init(struct sim_device *dev);
void sim_ic_release(struct sim_device *dev);
void sim_ic_opened(struct sim_channel *ch);
void sim_ic_handle_packet(struct sim_channel *ch, const struct hvx_ring_pkt *pkt,
			  const u8 *packet);
void sim_ic_show(struct sim_device *dev, struct seq_file *s);

/* The commands every IC device takes (versions, negotiate, faults). */
#define SIM_IC_NR_COMMANDS	5
extern const struct sim_command sim_ic_commands[SIM_IC_NR_COMMANDS];

/* An IC backend; its own commands go in .commands and .nr_commands. */
#define IC_BACKEND(backend_name, class)				\
	.name = backend_name,					\
	.class_id = class,					\
	.state_size = sizeof(struct sim_ic),			\
	.init = sim_ic_init,					\
	.release = sim_ic_release,				\
	.opened = sim_ic_opened,				\
	.handle_packet = sim_ic_handle_packet,			\
	.shared_commands = sim_ic_commands,			\
	.nr_shared_commands = SIM_IC_NR_COMMANDS,		\
	.show = sim_ic_show

/* sim/ic_relay.c */
int sim_ic_relay_init(struct sim_device *dev);
void sim_ic_relay_release(struct sim_device *dev);
void sim_ic_relay_answer(struct sim_channel *ch, u32 status, const u8 *body, u32 len);
void sim_ic_relay_show(struct sim_device *dev, struct seq_file *s);

#endif /* _HVX_SIM_IC_H */
