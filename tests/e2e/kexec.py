# SPDX-License-Identifier: GPL-2.0
"""kexec for the jump tests (the guest has no kexec-tools): the two system calls.

  kexec.py load KERNEL INITRD CMDLINE [crash]   kexec_file_load(2) the next kernel,
                                               as the crash kernel with "crash"
  kexec.py exec                                reboot(2) into it (LINUX_REBOOT_CMD_KEXEC)

Exits 1 with the errno's name when the kernel refuses.
"""
import ctypes
import errno
import os
import sys

SYS_REBOOT = 169                # x86_64
SYS_KEXEC_FILE_LOAD = 320
KEXEC_FILE_ON_CRASH = 0x2
REBOOT_MAGIC1 = 0xfee1dead
REBOOT_MAGIC2 = 672274793
REBOOT_CMD_KEXEC = 0x45584543

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def syscall(what, *args):
    if libc.syscall(*args) < 0:
        err = ctypes.get_errno()
        sys.exit(f"{what}: {errno.errorcode.get(err, err)} ({os.strerror(err)})")


def load(kernel, initrd, cmdline, how="kexec"):
    line = cmdline.encode() + b"\0"
    flags = KEXEC_FILE_ON_CRASH if how == "crash" else 0
    kfd = os.open(kernel, os.O_RDONLY)
    ifd = os.open(initrd, os.O_RDONLY)
    syscall("kexec_file_load", ctypes.c_long(SYS_KEXEC_FILE_LOAD), ctypes.c_long(kfd),
            ctypes.c_long(ifd), ctypes.c_ulong(len(line)), ctypes.c_char_p(line),
            ctypes.c_ulong(flags))


def execute():
    os.sync()
    syscall("reboot", ctypes.c_long(SYS_REBOOT), ctypes.c_long(REBOOT_MAGIC1),
            ctypes.c_long(REBOOT_MAGIC2), ctypes.c_long(REBOOT_CMD_KEXEC),
            ctypes.c_void_p(None))


if __name__ == "__main__":
    if len(sys.argv) in (5, 6) and sys.argv[1] == "load":
        load(*sys.argv[2:])
    elif sys.argv[1:] == ["exec"]:
        execute()
    else:
        sys.exit(__doc__)
