/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names userspace matches on, as Linux's in-tree Hyper-V drivers spell
 * them: udev rules (DRIVERS=="hv_netvsc"), cloud-init's Azure datasource,
 * dracut, DPDK's vdev_netvsc and Microsoft's tools look for these. Module
 * names keep their hvx_ prefix; what a driver calls itself on the bus, in
 * ethtool, in SCSI and in fbdev is Linux's name, so hvx is a drop-in.
 */
#ifndef _HVX_DROP_IN_H
#define _HVX_DROP_IN_H

#define HVX_NAME_STORVSC	"hv_storvsc"
#define HVX_NAME_SCSI_HOST	"storvsc_host_t"	/* the host template's name */
#define HVX_NAME_SCSI_PROC	"storvsc_host"		/* scsi_host's proc_name */
#define HVX_NAME_NETVSC		"hv_netvsc"		/* also ethtool -i's driver */
#define HVX_NAME_KBD		"hyperv_keyboard"
#define HVX_NAME_MOUSE		"hid_hyperv"
#define HVX_NAME_FB		"hyperv_fb"		/* also fix.id and video=hyperv_fb: */
#define HVX_NAME_UTILS		"hv_utils"

#endif /* _HVX_DROP_IN_H */
