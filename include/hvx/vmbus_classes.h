/* SPDX-License-Identifier: GPL-2.0 */
/* Device classes Hyper-V offers (OFFERCHANNEL if_type), as Linux names them. */
#ifndef _HVX_VMBUS_CLASSES_H
#define _HVX_VMBUS_CLASSES_H

#include <linux/uuid.h>

#define HVX_CLASS(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7) \
	GUID_INIT(0x##a, 0x##b, 0x##c, 0x##d0, 0x##d1, 0x##d2, 0x##d3, 0x##d4, 0x##d5, \
		  0x##d6, 0x##d7)

#define HVX_CLASS_IDE		HVX_CLASS(32412632, 86cb, 44a2, 9b, 5c, 50, d1, 41, 73, 54, f5)
#define HVX_CLASS_SCSI		HVX_CLASS(ba6163d9, 04a1, 4d29, b6, 05, 72, e2, ff, b1, dc, 7f)
#define HVX_CLASS_FC		HVX_CLASS(2f9bcc4a, 0069, 4af3, b7, 6b, 6f, d0, be, 52, 8c, da)
#define HVX_CLASS_NIC		HVX_CLASS(f8615163, df3e, 46c5, 91, 3f, f2, d2, f9, 65, ed, 0e)
#define HVX_CLASS_ND		HVX_CLASS(8c2eaf3d, 32a7, 4b09, ab, 99, bd, 1f, 1c, 86, b5, 01)
#define HVX_CLASS_PCIE		HVX_CLASS(44c4f61d, 4444, 4400, 9d, 52, 80, 2e, 27, ed, e1, 9f)
#define HVX_CLASS_FB		HVX_CLASS(da0a7802, e377, 4aac, 8e, 77, 05, 58, eb, 10, 73, f8)
#define HVX_CLASS_KBD		HVX_CLASS(f912ad6d, 2b17, 48ea, bd, 65, f9, 27, a6, 1c, 76, 84)
#define HVX_CLASS_MOUSE		HVX_CLASS(cfa8b69e, 5b4a, 4cc0, b9, 8b, 8b, a1, a1, f3, f9, 5a)
#define HVX_CLASS_KVP		HVX_CLASS(a9a0f4e7, 5a45, 4d96, b8, 27, 8a, 84, 1e, 8c, 03, e6)
#define HVX_CLASS_TIMESYNC	HVX_CLASS(9527e630, d0ae, 497b, ad, ce, e8, 0a, b0, 17, 5c, af)
#define HVX_CLASS_HEARTBEAT	HVX_CLASS(57164f39, 9115, 4e78, ab, 55, 38, 2f, 3b, d5, 42, 2d)
#define HVX_CLASS_SHUTDOWN	HVX_CLASS(0e0b6031, 5213, 4934, 81, 8b, 38, d9, 0c, ed, 39, db)
#define HVX_CLASS_FCOPY		HVX_CLASS(34d14be3, dee4, 41c8, 9a, e7, 6b, 17, 49, 77, c1, 92)
#define HVX_CLASS_VSS		HVX_CLASS(35fa2e29, ea23, 4236, 96, ae, 3a, 6e, ba, cb, a4, 40)
#define HVX_CLASS_BALLOON	HVX_CLASS(525074dc, 8985, 46e2, 80, 57, a3, 07, dc, 18, a5, 02)

#endif /* _HVX_VMBUS_CLASSES_H */
