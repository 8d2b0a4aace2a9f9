"""Prints the zlib version a Python consumer calls and the libz file(s) the process mapped.

Usage: loaded.py ctypes DYLIB   -- ctypes.CDLL on an absolute path (DEP_Z_DYLIB)
       loaded.py module NAME DIR -- imports the extension NAME from DIR (SWIG, cffi: _zv)
Prints "<version> <mapped libz paths, ','-joined, '-' when none>"."""
import ctypes
import importlib
import sys


def mapped():
    paths = []
    with open("/proc/self/maps") as f:
        for line in f:
            i = line.find("/")
            if i >= 0 and "/libz.so" in line[i:]:
                p = line[i:].strip()
                if p not in paths:
                    paths.append(p)
    return ",".join(paths) or "-"


kind = sys.argv[1]
if kind == "ctypes":
    lib = ctypes.CDLL(sys.argv[2])
    lib.zlibVersion.restype = ctypes.c_char_p
    version = lib.zlibVersion().decode()
else:
    sys.path.insert(0, sys.argv[3])
    mod = importlib.import_module(sys.argv[2])
    if hasattr(mod, "lib"):  # cffi
        version = mod.ffi.string(mod.lib.zlibVersion()).decode()
    else:  # SWIG
        version = mod.zlibVersion()
print(version, mapped())
