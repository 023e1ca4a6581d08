// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-exerciser: drive the real VFIO uAPI inside the QEMU test guest.
 *
 * Each sub-command runs N life-cycle rounds against one kind of device and
 * prints one TAP line per round on stdout, so that the host can count what
 * happened from the serial log:
 *
 *   mdev  - load a mediated-device parent module, create an mdev through
 *           sysfs, open it through the type1 container, query it, use it
 *           (config space, optional UART scratch register round trip),
 *           close, remove the mdev and unload the module.  With --preload
 *           the module is loaded once, before the first round, and stays.
 *   pci   - bind a PCI device (QEMU's edu by default) to vfio-pci (or the
 *           variant driver given with --driver) with
 *           driver_override in no-IOMMU mode, open /dev/vfio/noiommu-N,
 *           read config space, use BAR0, VFIO_DEVICE_RESET, close, unbind.
 *   faults - with an mdev parent loaded (--preload), fail each slab
 *           allocation of the create path in turn (fail-nth + failslab):
 *           a create that fails must leave no device behind, one that
 *           survives its failed allocation is removed; then an ordinary
 *           round must still pass.  Leaks and bad accesses are for
 *           kmemleak and KASAN, judged by the guest init afterwards.
 *   exit  - report a verdict to the host through QEMU's isa-debug-exit.
 *
 * On a kernel whose vfio_device has a struct device of its own (the
 * vfio-dev class exists), every round also checks its node: exactly one
 * <device>/vfio-dev/vfioN while registered, listed in /sys/class/vfio-dev/,
 * and gone from there once the device is removed or unbound.  The last
 * line says in how many rounds that was checked.
 *
 * The exit status is 0 only if every round passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/pci_regs.h>
#include <linux/types.h>
#include <linux/vfio.h>

/* The kernel's short type names, as in the kernel's own tools/. */
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

#define ISA_DEBUG_EXIT_PORT	0xf4
#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8
#define EDU_REG_IDENT		0x00
#define EDU_REG_LIVENESS	0x04
#define UART_SCR		7

static int tap_count;
static int vfio_dev_checked;

/* Print a diagnostic line in TAP's comment form. */
static void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

/* Report a failed step with errno context; always returns -1. */
static int fail(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	fputs("# FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (saved)
		printf(" (errno %d: %s)", saved, strerror(saved));
	fputc('\n', stdout);
	fflush(stdout);
	errno = 0;
	return -1;
}

static void tap(int ok, const char *what, int round)
{
	printf("%s %d - %s round %d\n", ok ? "ok" : "not ok", ++tap_count,
	       what, round);
	fflush(stdout);
}

static int write_str(const char *path, const char *val)
{
	ssize_t len = strlen(val);
	int fd, ret = 0;

	errno = 0;
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return fail("open %s", path);
	if (write(fd, val, len) != len)
		ret = fail("write '%s' to %s", val, path);
	close(fd);
	return ret;
}

static int read_str(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	errno = 0;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return fail("open %s", path);
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return fail("read %s", path);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* The number at the end of the device's iommu_group link. */
static int iommu_group_of(const char *devdir)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(link, sizeof(link), "%s/iommu_group", devdir);
	errno = 0;
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return fail("readlink %s", link);
	target[n] = '\0';
	base = strrchr(target, '/');
	return atoi(base ? base + 1 : target);
}

/* @exist_ok: a module that is already loaded counts as loaded. */
static int load_module(const char *path, const char *params, int exist_ok)
{
	int fd, ret, err;

	errno = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("open module %s", path);
	ret = syscall(SYS_finit_module, fd, params ? params : "", 0);
	err = errno;
	close(fd);
	if (ret && !(exist_ok && err == EEXIST)) {
		errno = err;
		return fail("finit_module %s", path);
	}
	return 0;
}

static int unload_module(const char *name)
{
	errno = 0;
	if (syscall(SYS_delete_module, name, O_NONBLOCK))
		return fail("delete_module %s", name);
	return 0;
}

/* "/lib/modules/.../mtty.ko" -> "mtty" */
static void module_name(const char *path, char *name, size_t size)
{
	const char *base = strrchr(path, '/');

	snprintf(name, size, "%s", base ? base + 1 : path);
	name[strcspn(name, ".")] = '\0';
}

struct vfio_handles {
	int container;
	int group;
	int device;
};

static void vfio_close(struct vfio_handles *h)
{
	if (h->device >= 0)
		close(h->device);
	if (h->group >= 0)
		close(h->group);
	if (h->container >= 0)
		close(h->container);
	h->device = -1;
	h->group = -1;
	h->container = -1;
}

/*
 * Container, group, IOMMU model and device fd: the sequence every VFIO user
 * goes through.  @group_path is /dev/vfio/N or /dev/vfio/noiommu-N.
 */
static int vfio_open(struct vfio_handles *h, const char *group_path,
		     int iommu_type, const char *dev_name)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };

	h->group = -1;
	h->device = -1;
	errno = 0;
	h->container = open("/dev/vfio/vfio", O_RDWR);
	if (h->container < 0)
		return fail("open /dev/vfio/vfio");
	if (ioctl(h->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		return fail("VFIO_GET_API_VERSION");
	if (ioctl(h->container, VFIO_CHECK_EXTENSION, iommu_type) <= 0)
		return fail("VFIO_CHECK_EXTENSION(%d)", iommu_type);
	h->group = open(group_path, O_RDWR);
	if (h->group < 0)
		return fail("open %s", group_path);
	if (ioctl(h->group, VFIO_GROUP_GET_STATUS, &status))
		return fail("VFIO_GROUP_GET_STATUS");
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE))
		return fail("group %s not viable", group_path);
	if (ioctl(h->group, VFIO_GROUP_SET_CONTAINER, &h->container))
		return fail("VFIO_GROUP_SET_CONTAINER");
	if (ioctl(h->container, VFIO_SET_IOMMU, iommu_type))
		return fail("VFIO_SET_IOMMU(%d)", iommu_type);
	h->device = ioctl(h->group, VFIO_GROUP_GET_DEVICE_FD, dev_name);
	if (h->device < 0)
		return fail("VFIO_GROUP_GET_DEVICE_FD %s", dev_name);
	return 0;
}

static int region_info(int device, unsigned int index,
		       struct vfio_region_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	info->index = index;
	errno = 0;
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, info))
		return fail("VFIO_DEVICE_GET_REGION_INFO(%u)", index);
	return 0;
}

static int region_rw(int device, const struct vfio_region_info *r,
		     u64 off, void *buf, size_t len, int write)
{
	ssize_t n;

	errno = 0;
	if (off + len > r->size)
		return fail("access %#llx+%zu beyond region %u size %#llx",
			    (unsigned long long)off, len, r->index,
			    (unsigned long long)r->size);
	if (write)
		n = pwrite(device, buf, len, r->offset + off);
	else
		n = pread(device, buf, len, r->offset + off);
	if (n != (ssize_t)len)
		return fail("%s region %u at %#llx", write ? "pwrite" : "pread",
			    r->index, (unsigned long long)off);
	return 0;
}

/* DEVICE_GET_INFO plus config-space identity; returns vendor|device<<16. */
static long query_pci_device(int device, struct vfio_region_info *cfg)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	u16 ids[2];

	errno = 0;
	if (ioctl(device, VFIO_DEVICE_GET_INFO, &info))
		return fail("VFIO_DEVICE_GET_INFO");
	if (!(info.flags & VFIO_DEVICE_FLAGS_PCI))
		return fail("device is not a PCI device (flags %#x)",
			    info.flags);
	if (info.num_regions <= VFIO_PCI_CONFIG_REGION_INDEX)
		return fail("only %u regions", info.num_regions);
	if (region_info(device, VFIO_PCI_CONFIG_REGION_INDEX, cfg))
		return -1;
	if (region_rw(device, cfg, PCI_VENDOR_ID, ids, sizeof(ids), 0))
		return -1;
	if (ids[0] == 0 || ids[0] == 0xffff)
		return fail("bad vendor id %#x", ids[0]);
	return ids[0] | (long)ids[1] << 16;
}

/* ------------------------------------------------------ vfio-dev node */

#define VFIO_DEV_CLASS	"/sys/class/vfio-dev"

/*
 * The node of a registered device under @devdir: 1 and its name in @name
 * when checked, 0 on a kernel without the vfio-dev class, -1 if wrong.
 */
static int vfio_dev_node(const char *devdir, char *name, size_t size)
{
	char path[PATH_MAX];
	struct dirent *e;
	int n = 0;
	DIR *d;

	name[0] = '\0';
	if (access(VFIO_DEV_CLASS, F_OK))
		return 0;
	snprintf(path, sizeof(path), "%s/vfio-dev", devdir);
	d = opendir(path);
	if (!d)
		return fail("%s: missing while the device is registered", path);
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "vfio", 4))
			continue;
		snprintf(name, size, "%s", e->d_name);
		n++;
	}
	closedir(d);
	if (n != 1)
		return fail("%s: %d vfioN entries, want 1", path, n);
	snprintf(path, sizeof(path), VFIO_DEV_CLASS "/%s", name);
	if (access(path, F_OK))
		return fail("%s: missing while the device is registered", path);
	return 1;
}

/*
 * After the device under @devdir went: its node must have gone with it.
 * The index is free again at once, so while other tests run alongside,
 * /sys/class/vfio-dev/@name may already be another device's node: only
 * a class entry that still leads to this device fails.
 */
static int vfio_dev_gone(const char *devdir, const char *name)
{
	char path[PATH_MAX], link[PATH_MAX], mine[PATH_MAX];
	const char *dev = strrchr(devdir, '/');
	ssize_t n;

	if (!name[0])
		return 0;
	snprintf(path, sizeof(path), "%s/vfio-dev/%s", devdir, name);
	errno = 0;
	if (!access(path, F_OK))
		return fail("%s: still there after the device went", path);
	snprintf(path, sizeof(path), VFIO_DEV_CLASS "/%s", name);
	n = readlink(path, link, sizeof(link) - 1);
	if (n >= 0) {
		link[n] = '\0';
		snprintf(mine, sizeof(mine), "%s/vfio-dev/%s",
			 dev ? dev : devdir, name);
		n = strlen(link) - strlen(mine);
		if (n >= 0 && !strcmp(link + n, mine))
			return fail("%s: still there after the device went (-> %s)",
				    path, link);
	}
	vfio_dev_checked++;
	return 0;
}

/* ---------------------------------------------------------------- mdev */

struct mdev_opts {
	const char *module;
	const char *preload;
	const char *params;
	const char *parent;
	const char *type;
	int uart;
};

/* Scratch register round trip through BAR0 of an emulated 16550. */
static int uart_scratch(int device, int round)
{
	struct vfio_region_info bar;
	u8 out = 0x5a ^ round, in = 0;

	if (region_info(device, VFIO_PCI_BAR0_REGION_INDEX, &bar))
		return -1;
	if (bar.size < UART_SCR + 1)
		return fail("BAR0 too small for a UART: %llu",
			    (unsigned long long)bar.size);
	if (region_rw(device, &bar, UART_SCR, &out, 1, 1) ||
	    region_rw(device, &bar, UART_SCR, &in, 1, 0))
		return -1;
	if (in != out)
		return fail("UART scratch wrote %#x read %#x", out, in);
	return 0;
}

/* A 16-bit tag of a parent's name, for its mdevs' UUIDs. */
static unsigned int name_tag(const char *name)
{
	unsigned int h = 0x9a51;

	while (*name)
		h = (h * 31 + (unsigned char)*name++) & 0xffff;
	return h;
}

static int mdev_round(const struct mdev_opts *o, int round)
{
	char path[PATH_MAX], devdir[PATH_MAX], uuid[40], group[64], mod[64];
	char node[NAME_MAX + 1] = "";
	struct vfio_region_info cfg;
	struct vfio_handles h = { -1, -1, -1 };
	int created = 0, loaded = 0, ret = -1, grp, seen;
	long ids;

	/*
	 * A fixed prefix keeps guest logs comparable from run to run; the
	 * parent's name makes it unique while other parents run alongside.
	 */
	snprintf(uuid, sizeof(uuid), "6c1fe0a4-8d0b-4e7e-%04x-%012x",
		 name_tag(o->parent), round);
	if (o->module) {
		if (load_module(o->module, o->params, 0))
			goto out;
		loaded = 1;
	}
	snprintf(path, sizeof(path),
		 "/sys/class/mdev_bus/%s/mdev_supported_types/%s/create",
		 o->parent, o->type);
	if (write_str(path, uuid))
		goto out;
	created = 1;
	snprintf(devdir, sizeof(devdir), "/sys/bus/mdev/devices/%s", uuid);
	seen = vfio_dev_node(devdir, node, sizeof(node));
	if (seen < 0)
		goto out;
	if (seen && round == 1)
		diag("%s: vfio-dev/%s", uuid, node);
	grp = iommu_group_of(devdir);
	if (grp < 0)
		goto out;
	snprintf(group, sizeof(group), "/dev/vfio/%d", grp);
	if (vfio_open(&h, group, VFIO_TYPE1_IOMMU, uuid))
		goto out;
	ids = query_pci_device(h.device, &cfg);
	if (ids < 0)
		goto out;
	if (round == 1)
		diag("%s: group %d, vendor %04lx device %04lx", uuid, grp,
		     ids & 0xffff, ids >> 16);
	if (o->uart && uart_scratch(h.device, round))
		goto out;
	ret = 0;
out:
	vfio_close(&h);
	if (created) {
		snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/remove",
			 uuid);
		if (write_str(path, "1") || vfio_dev_gone(devdir, node))
			ret = -1;
	}
	if (loaded) {
		module_name(o->module, mod, sizeof(mod));
		if (unload_module(mod))
			ret = -1;
	}
	return ret;
}

/* -------------------------------------------------------------- faults */

#define FAILSLAB	"/sys/kernel/debug/failslab"
#define FAULTS_MAX	2000

/*
 * One create with the @nth fault point of this thread failing.  Returns 1
 * if the fault was injected, 0 if the create path has fewer than @nth
 * points, -1 on a failure of the check; *created tells whether the mdev
 * exists afterwards.
 */
static int create_failing_nth(const char *create, const char *uuid, int nth,
			      int *created)
{
	char val[16], devdir[PATH_MAX];
	ssize_t len = strlen(uuid), w;
	int cfd, nfd, ret;

	snprintf(devdir, sizeof(devdir), "/sys/bus/mdev/devices/%s", uuid);
	errno = 0;
	cfd = open(create, O_WRONLY);
	if (cfd < 0)
		return fail("open %s", create);
	nfd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nfd < 0) {
		close(cfd);
		return fail("open /proc/thread-self/fail-nth");
	}
	snprintf(val, sizeof(val), "%d", nth);
	if (write(nfd, val, strlen(val)) < 0) {
		ret = fail("arm fail-nth %d", nth);
		goto out;
	}
	/* only this write counts: the files were opened before arming */
	w = write(cfd, uuid, len);
	memset(val, 0, sizeof(val));
	if (pread(nfd, val, sizeof(val) - 1, 0) < 0) {
		ret = fail("read fail-nth");
		goto out;
	}
	/* disarm: left over, it would fail whatever this thread does next */
	if (write(nfd, "0", 1) < 0) {
		ret = fail("disarm fail-nth");
		goto out;
	}
	ret = atoi(val) == 0;
	*created = !access(devdir, F_OK);
	if (w == len && !*created)
		ret = fail("create of %s succeeded but no device", uuid);
	if (w != len && *created)
		ret = fail("create of %s failed (fault %d) but left the device",
			   uuid, nth);
out:
	close(nfd);
	close(cfd);
	return ret;
}

static int faults_run(const struct mdev_opts *o)
{
	char create[PATH_MAX], path[PATH_MAX], uuid[40];
	int nth, injected, created, failed = 0, survived = 0;

	if (write_str(FAILSLAB "/ignore-gfp-wait", "N") ||
	    write_str(FAILSLAB "/verbose", "0"))
		return -1;
	snprintf(create, sizeof(create),
		 "/sys/class/mdev_bus/%s/mdev_supported_types/%s/create",
		 o->parent, o->type);
	snprintf(uuid, sizeof(uuid), "6c1fe0a4-8d0b-4e7e-9a51-fa17%08x", 0);
	for (nth = 1; nth <= FAULTS_MAX; nth++) {
		created = 0;
		injected = create_failing_nth(create, uuid, nth, &created);
		if (injected < 0)
			return -1;
		if (created) {
			snprintf(path, sizeof(path),
				 "/sys/bus/mdev/devices/%s/remove", uuid);
			if (write_str(path, "1"))
				return -1;
		}
		if (!injected)
			break;
		if (created)
			survived++;
		else
			failed++;
		/* one line per fault: a run an oops stops still tells how far */
		diag("fault %d: %s", nth, created ? "survived" : "failed cleanly");
	}
	if (nth > FAULTS_MAX)
		return fail("more than %d fault points on the create path",
			    FAULTS_MAX);
	if (!created)
		return fail("create failed with no fault injected");
	diag("faults: %s: %d allocations, %d failed the create cleanly, %d survived",
	     o->parent, nth - 1, failed, survived);
	if (nth == 1)
		return fail("no allocation on the create path was seen: is failslab on?");
	return 0;
}

/* ----------------------------------------------------------------- pci */

struct pci_opts {
	const char *bdf;
	const char *driver;
	unsigned int vendor, device;
};

static int find_pci(struct pci_opts *o, char *bdf, size_t size)
{
	char path[PATH_MAX], val[32];
	struct dirent *de;
	DIR *d;

	if (o->bdf) {
		snprintf(bdf, size, "%s", o->bdf);
		return 0;
	}
	errno = 0;
	d = opendir("/sys/bus/pci/devices");
	if (!d)
		return fail("opendir /sys/bus/pci/devices");
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor",
			 de->d_name);
		if (read_str(path, val, sizeof(val)) ||
		    strtoul(val, NULL, 0) != o->vendor)
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device",
			 de->d_name);
		if (read_str(path, val, sizeof(val)) ||
		    strtoul(val, NULL, 0) != o->device)
			continue;
		snprintf(bdf, size, "%s", de->d_name);
		closedir(d);
		return 0;
	}
	closedir(d);
	return fail("no PCI device %04x:%04x", o->vendor, o->device);
}

static int pci_bind_vfio(const char *bdf, const char *driver)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", bdf);
	if (!stat(path, &st)) {
		snprintf(path, sizeof(path),
			 "/sys/bus/pci/devices/%s/driver/unbind", bdf);
		if (write_str(path, bdf))
			return -1;
	}
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override",
		 bdf);
	if (write_str(path, driver))
		return -1;
	return write_str("/sys/bus/pci/drivers_probe", bdf);
}

static int pci_unbind_vfio(const char *bdf, const char *driver)
{
	char path[PATH_MAX];
	int ret;

	snprintf(path, sizeof(path), "/sys/bus/pci/drivers/%s/unbind", driver);
	ret = write_str(path, bdf);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override",
		 bdf);
	/* A lone newline clears driver_override. */
	if (write_str(path, "\n"))
		ret = -1;
	return ret;
}

/* edu's BAR0: identification register and the liveness (invert) register. */
static int edu_use(int device, struct vfio_region_info *cfg, int round)
{
	struct vfio_region_info bar;
	u32 ident, val = 0x12340000u | round, inv;
	u16 cmd;

	/* vfio-pci virtualizes COMMAND; memory decode must be on for BARs. */
	if (region_rw(device, cfg, PCI_COMMAND, &cmd, sizeof(cmd), 0))
		return -1;
	cmd |= PCI_COMMAND_MEMORY;
	if (region_rw(device, cfg, PCI_COMMAND, &cmd, sizeof(cmd), 1))
		return -1;
	if (region_info(device, VFIO_PCI_BAR0_REGION_INDEX, &bar))
		return -1;
	if (region_rw(device, &bar, EDU_REG_IDENT, &ident, 4, 0))
		return -1;
	if ((ident & 0xff) != 0xed)
		return fail("edu ident %#x", ident);
	if (region_rw(device, &bar, EDU_REG_LIVENESS, &val, 4, 1) ||
	    region_rw(device, &bar, EDU_REG_LIVENESS, &inv, 4, 0))
		return -1;
	if (inv != ~val)
		return fail("edu liveness wrote %#x read %#x", val, inv);
	return 0;
}

static int pci_round(struct pci_opts *o, int round)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	char bdf[NAME_MAX + 1], devdir[PATH_MAX], group[64];
	char node[NAME_MAX + 1] = "";
	struct vfio_region_info cfg;
	struct vfio_handles h = { -1, -1, -1 };
	int bound = 0, ret = -1, grp, seen;
	long ids;

	if (find_pci(o, bdf, sizeof(bdf)))
		return -1;
	if (pci_bind_vfio(bdf, o->driver))
		goto out;
	bound = 1;
	snprintf(devdir, sizeof(devdir), "/sys/bus/pci/devices/%s", bdf);
	seen = vfio_dev_node(devdir, node, sizeof(node));
	if (seen < 0)
		goto out;
	if (seen && round == 1)
		diag("%s: vfio-dev/%s", bdf, node);
	grp = iommu_group_of(devdir);
	if (grp < 0)
		goto out;
	snprintf(group, sizeof(group), "/dev/vfio/noiommu-%d", grp);
	if (vfio_open(&h, group, VFIO_NOIOMMU_IOMMU, bdf))
		goto out;
	ids = query_pci_device(h.device, &cfg);
	if (ids < 0)
		goto out;
	if ((ids & 0xffff) != o->vendor || ids >> 16 != o->device) {
		fail("%s is %04lx:%04lx", bdf, ids & 0xffff, ids >> 16);
		goto out;
	}
	if (round == 1)
		diag("%s: noiommu group %d", bdf, grp);
	if (edu_use(h.device, &cfg, round))
		goto out;
	errno = 0;
	if (ioctl(h.device, VFIO_DEVICE_GET_INFO, &info)) {
		fail("VFIO_DEVICE_GET_INFO");
		goto out;
	}
	if (!(info.flags & VFIO_DEVICE_FLAGS_RESET)) {
		fail("%s offers no reset (flags %#x)", bdf, info.flags);
		goto out;
	}
	if (ioctl(h.device, VFIO_DEVICE_RESET)) {
		fail("VFIO_DEVICE_RESET");
		goto out;
	}
	/* The device must still answer after the reset. */
	if (edu_use(h.device, &cfg, round))
		goto out;
	ret = 0;
out:
	vfio_close(&h);
	if (bound && (pci_unbind_vfio(bdf, o->driver) ||
		      vfio_dev_gone(devdir, node)))
		ret = -1;
	return ret;
}

/* ---------------------------------------------------------------- main */

static int isa_debug_exit(int code)
{
	errno = 0;
	if (ioperm(ISA_DEBUG_EXIT_PORT, 1, 1))
		return fail("ioperm %#x", ISA_DEBUG_EXIT_PORT);
	outb(code, ISA_DEBUG_EXIT_PORT);
	/* Only reached when QEMU has no isa-debug-exit device. */
	return fail("isa-debug-exit did not stop the machine");
}

static void print_usage(void)
{
	fputs("usage: vfio-exerciser mdev --parent P --type T\n"
	      "                           [--module KO | --preload KO]\n"
	      "                           [--params S] [--uart] [--cycles N]\n"
	      "       vfio-exerciser pci [--bdf B | --id VVVV:DDDD] [--driver D]\n"
	      "                          [--cycles N]\n"
	      "       vfio-exerciser faults --parent P --type T --preload KO\n"
	      "       vfio-exerciser exit CODE\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cycles", required_argument, NULL, 'n' },
		{ "module", required_argument, NULL, 'm' },
		{ "preload", required_argument, NULL, 'L' },
		{ "params", required_argument, NULL, 'P' },
		{ "parent", required_argument, NULL, 'p' },
		{ "type", required_argument, NULL, 't' },
		{ "uart", no_argument, NULL, 'u' },
		{ "bdf", required_argument, NULL, 'b' },
		{ "id", required_argument, NULL, 'i' },
		{ "driver", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	struct mdev_opts mo = { 0 };
	struct pci_opts po = {
		.vendor = EDU_VENDOR,
		.device = EDU_DEVICE,
		.driver = "vfio-pci",
	};
	int cycles = 1, failed = 0, c, i;
	const char *cmd;

	if (argc < 2)
		print_usage();
	cmd = argv[1];
	if (!strcmp(cmd, "exit")) {
		if (argc != 3)
			print_usage();
		return isa_debug_exit(atoi(argv[2])) ? 1 : 0;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			cycles = atoi(optarg);
			break;
		case 'm':
			mo.module = optarg;
			break;
		case 'L':
			mo.preload = optarg;
			break;
		case 'P':
			mo.params = optarg;
			break;
		case 'p':
			mo.parent = optarg;
			break;
		case 't':
			mo.type = optarg;
			break;
		case 'u':
			mo.uart = 1;
			break;
		case 'b':
			po.bdf = optarg;
			break;
		case 'd':
			po.driver = optarg;
			break;
		case 'i':
			if (sscanf(optarg, "%x:%x", &po.vendor, &po.device) != 2)
				print_usage();
			break;
		default:
			print_usage();
		}
	}
	if (cycles < 1)
		print_usage();

	if (!strcmp(cmd, "mdev")) {
		if (!mo.parent || !mo.type || (mo.module && mo.preload))
			print_usage();
		/* Loaded once; a module that is already there is fine too. */
		if (mo.preload && load_module(mo.preload, mo.params, 1))
			return 1;
		for (i = 1; i <= cycles; i++) {
			int ok = !mdev_round(&mo, i);

			tap(ok, mo.parent, i);
			failed += !ok;
		}
	} else if (!strcmp(cmd, "faults")) {
		if (!mo.parent || !mo.type || !mo.preload)
			print_usage();
		if (load_module(mo.preload, mo.params, 1))
			return 1;
		i = !faults_run(&mo);
		tap(i, "faults", 1);
		failed += !i;
		/* the parent must still work after all that */
		i = !mdev_round(&mo, 1);
		tap(i, mo.parent, 1);
		failed += !i;
		cycles = 2;
	} else if (!strcmp(cmd, "pci")) {
		for (i = 1; i <= cycles; i++) {
			int ok = !pci_round(&po, i);

			tap(ok, po.driver, i);
			failed += !ok;
		}
	} else {
		print_usage();
	}
	diag("%s: %d of %d rounds passed",
	     strcmp(cmd, "pci") ? mo.parent : po.driver, cycles - failed, cycles);
	diag("vfio-dev node: %s: checked in %d of %d rounds",
	     strcmp(cmd, "pci") ? mo.parent : po.driver, vfio_dev_checked,
	     cycles);
	return failed ? 1 : 0;
}
