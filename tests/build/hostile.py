#!/usr/bin/python3
"""Writes a source tarball with one hostile entry added: hostile.py KIND SRCDIR OUT.

SRCDIR becomes the archive's top directory (pkg/), then KIND adds its entry."""
import io
import os
import sys
import tarfile

kind, src, out = sys.argv[1], sys.argv[2], sys.argv[3]


def info(name, type_=tarfile.REGTYPE, data=b"", **kw):
    ti = tarfile.TarInfo(name)
    ti.type = type_
    ti.size = len(data) if type_ == tarfile.REGTYPE else 0
    ti.mode = kw.pop("mode", 0o644)
    for key, value in kw.items():
        setattr(ti, key, value)
    return ti, (io.BytesIO(data) if type_ == tarfile.REGTYPE else None)


mode = "w:gz"
with tarfile.open(out, mode) as tar:
    tar.add(src, arcname="pkg")
    entries = {
        "dotdot": [info("pkg/../../escape-dotdot.txt", data=b"escaped\n")],
        "absolute": [info(os.environ["NP_ABSOLUTE_TARGET"], data=b"escaped\n")],
        "symlink-out": [info("pkg/evil", tarfile.SYMTYPE, linkname="../../../../../../../etc")],
        "symlink-abs": [info("pkg/evil", tarfile.SYMTYPE, linkname="/etc")],
        "symlink-write": [info("pkg/up", tarfile.SYMTYPE, linkname=".."),
                          info("pkg/up/escape-through.txt", data=b"escaped\n")],
        "hardlink-out": [info("pkg/hl", tarfile.LNKTYPE, linkname="/etc/passwd")],
        "hardlink-dotdot": [info("pkg/hl", tarfile.LNKTYPE, linkname="../../etc/passwd")],
        "device": [info("pkg/dev", tarfile.CHRTYPE, devmajor=1, devminor=3)],
        "fifo": [info("pkg/fifo", tarfile.FIFOTYPE)],
        "modes": [info("pkg/suid.sh", data=b"#!/bin/sh\n", mode=0o4777),
                  info("pkg/sgid-dir", tarfile.DIRTYPE, mode=0o2777)],
        "marker": [info("pkg/.nativepkg-build.json", data=b"{}\n")],
        "symlink-inside": [info("pkg/alias.h", tarfile.SYMTYPE, linkname="include/../README"),
                           info("pkg/README", data=b"fine\n")],
    }[kind]
    for ti, data in entries:
        tar.addfile(ti, data)
