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


def dirs(*names):
    return [info(name, tarfile.DIRTYPE, mode=0o755) for name in names]


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
        # Each link stays inside as written; on disk c3 climbs one level above the tree.
        "symlink-chain": dirs("pkg/a", "pkg/a/b", "pkg/a/b/c") + [
            info("pkg/a/b/c/s", tarfile.SYMTYPE, linkname="."),        # a/b/c
            info("pkg/a/b/c/c0", tarfile.SYMTYPE, linkname="s/.."),    # a/b
            info("pkg/a/b/c/c1", tarfile.SYMTYPE, linkname="c0/.."),   # a
            info("pkg/a/b/c/c2", tarfile.SYMTYPE, linkname="c1/.."),   # the tree's root
            info("pkg/a/b/c/c3", tarfile.SYMTYPE, linkname="c2/.."),   # outside
            info("pkg/a/b/c/esc", tarfile.SYMTYPE, linkname="c3/escape-chain.txt")],
        # A target passing through another link: u is a/b/.. = a, so u/../.. is outside.
        "through-symlink": dirs("pkg/a", "pkg/a/b") + [
            info("pkg/a/b/u", tarfile.SYMTYPE, linkname=".."),
            info("pkg/a/b/esc", tarfile.SYMTYPE, linkname="u/../..")],
        # A link to what does not exist yet, made to lead outside by a later entry.
        "symlink-later": dirs("pkg/a") + [
            info("pkg/a/l", tarfile.SYMTYPE, linkname="m/.."),
            info("pkg/a/s", tarfile.SYMTYPE, linkname="."),
            info("pkg/a/m", tarfile.SYMTYPE, linkname="s/..")],
        # The same, by replacing a file the link was read through with a symlink.
        "symlink-replaced": dirs("pkg/a") + [
            info("pkg/a/f", data=b"a file\n"),
            info("pkg/a/l", tarfile.SYMTYPE, linkname="f/.."),
            info("pkg/a/s", tarfile.SYMTYPE, linkname="."),
            info("pkg/a/f", tarfile.SYMTYPE, linkname="s/..")],
        # A hard link to a symlink is a second symlink, read from another directory:
        # ../../README is inside from a/b, two levels above the tree from its root.
        "hardlink-symlink": dirs("pkg/a", "pkg/a/b") + [
            info("pkg/a/b/l", tarfile.SYMTYPE, linkname="../../README"),
            info("pkg/hl", tarfile.LNKTYPE, linkname="pkg/a/b/l")],
        # Links that stay inside, however they are reached, are extracted.
        "symlink-inside": dirs("pkg/a", "pkg/a/b") + [
            info("pkg/alias.h", tarfile.SYMTYPE, linkname="include/../README"),
            info("pkg/README", data=b"fine\n"),
            info("pkg/a/b/s", tarfile.SYMTYPE, linkname="."),
            info("pkg/a/b/up", tarfile.SYMTYPE, linkname="s/.."),         # a
            info("pkg/top", tarfile.SYMTYPE, linkname="a/b/up/../README"),  # README
            info("pkg/generated.h", tarfile.SYMTYPE, linkname="build/config.h"),  # dangling
            info("pkg/README.hard", tarfile.LNKTYPE, linkname="pkg/README")],
    }[kind]
    for ti, data in entries:
        tar.addfile(ti, data)
