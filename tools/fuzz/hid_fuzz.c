// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the synthetic mouse's device description
 * (drivers/input/synth_hid.c). An accepted one has a report descriptor of
 * at most the HID core's size, lying inside the body the host sent.
 */
#include <hvx/input.h>
#include <hvx/synth_hid.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	struct hvx_hid_info info;
	u8 *body;

	if (len > 1 << 16)
		return 0;
	body = fuzz_copy(data, len);
	if (!hvx_hid_parse_device_info(body, len, &info)) {
		fuzz_check(info.report_len && info.report_len <= HVX_HID_MAX_DESCRIPTOR);
		fuzz_check(fuzz_inside(info.report_desc, info.report_len, body, len));
		fuzz_check(fuzz_inside(info.desc, sizeof(*info.desc), body, len));
		fuzz_touch(info.report_desc, info.report_len);
	}
	free(body);
	return 0;
}
