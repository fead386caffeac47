// SPDX-License-Identifier: GPL-2.0
/*
 * The host's MMIO space for devices that map memory of their own (the
 * video card's VRAM). The transport names its windows when it connects;
 * drivers take ranges from them with hvx_mmio_alloc(). Each range is also
 * claimed in iomem_resource, so /proc/iomem shows its owner and nobody
 * else maps over it.
 */
#include <linux/ioport.h>
#include <linux/slab.h>
#include "internal.h"

struct hvx_mmio_range {
	struct resource res;		/* in one of the windows */
	struct resource *claim;		/* the same range in iomem_resource */
};

/* Under conn->lock, before the first device is offered. */
int hvx_mmio_windows_init(struct hvx_conn *conn, const struct hvx_transport *t)
{
	unsigned int i;

	if (!t->nr_mmio)
		return 0;
	conn->mmio = kcalloc(t->nr_mmio, sizeof(*conn->mmio), GFP_KERNEL);
	if (!conn->mmio)
		return -ENOMEM;
	for (i = 0; i < t->nr_mmio; i++) {
		conn->mmio[i].start = t->mmio[i].start;
		conn->mmio[i].end = t->mmio[i].end;
		conn->mmio[i].flags = IORESOURCE_MEM;
		conn->mmio[i].name = "hvx_vmbus mmio";
		pr_info("%s host MMIO window %pR\n", t->name, &conn->mmio[i]);
	}
	conn->nr_mmio = t->nr_mmio;
	return 0;
}

/* Under conn->lock, once every device is gone. */
void hvx_mmio_windows_exit(struct hvx_conn *conn)
{
	unsigned int i;

	for (i = 0; i < conn->nr_mmio; i++) {
		/* A driver that kept a range would have it freed under it. */
		if (WARN(conn->mmio[i].child, "hvx: MMIO range %pR not freed\n",
			 conn->mmio[i].child))
			return;
	}
	kfree(conn->mmio);
	conn->mmio = NULL;
	conn->nr_mmio = 0;
}

static int mmio_alloc_in(struct resource *win, struct hvx_mmio_range *r,
			 resource_size_t size, resource_size_t align, const char *name)
{
	r->res.name = name;
	r->res.flags = IORESOURCE_MEM;
	if (allocate_resource(win, &r->res, size, win->start, win->end, align, NULL, NULL))
		return -ENOSPC;
	r->claim = __request_region(&iomem_resource, r->res.start, size, name, 0);
	if (!r->claim) {
		release_resource(&r->res);
		return -EBUSY;
	}
	return 0;
}

/**
 * hvx_mmio_alloc() - take a range of the host's MMIO space
 * @dev: the device it is for (names the range in /proc/iomem)
 * @size: bytes
 * @align: alignment of the start, a power of two
 *
 * Map it with memremap() (the host backs it with memory) and give it back
 * with hvx_mmio_free() before the device goes away.
 *
 * Return: the range; ERR_PTR(-ENOSPC) when no window has room,
 * ERR_PTR(-EBUSY) when someone else claimed the space, ERR_PTR(-ENOMEM).
 */
struct resource *hvx_mmio_alloc(struct hvx_device *dev, resource_size_t size,
				resource_size_t align)
{
	struct hvx_conn *conn = &hvx_conn;
	struct hvx_mmio_range *r;
	int ret = -ENOSPC;
	unsigned int i;

	if (!size || !is_power_of_2(align))
		return ERR_PTR(-EINVAL);
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < conn->nr_mmio; i++) {
		ret = mmio_alloc_in(&conn->mmio[i], r, size, align, dev_name(&dev->dev));
		if (!ret)
			return &r->res;
	}
	kfree(r);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(hvx_mmio_alloc);

/**
 * hvx_mmio_free() - give back a range from hvx_mmio_alloc()
 * @res: the range, unmapped; NULL or an error pointer is ignored
 */
void hvx_mmio_free(struct resource *res)
{
	struct hvx_mmio_range *r;

	if (IS_ERR_OR_NULL(res))
		return;
	r = container_of(res, struct hvx_mmio_range, res);
	__release_region(&iomem_resource, res->start, resource_size(res));
	release_resource(res);
	kfree(r);
}
EXPORT_SYMBOL_GPL(hvx_mmio_free);
