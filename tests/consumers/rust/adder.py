"""Calls the Rust library adder from Python and prints what the process mapped.

Usage: adder.py ctypes DYLIB     -- ctypes.CDLL on an absolute path (DEP_ADDER_DYLIB)
       adder.py module NAME DIR  -- imports the cffi extension NAME from DIR
Prints "<version> <adder_add(40, 2)> <features> <mapped libadder paths, ','-joined, '-' when none>"."""
import ctypes
import importlib
import sys


def mapped():
    paths = []
    with open("/proc/self/maps") as f:
        for line in f:
            i = line.find("/")
            if i >= 0 and "/libadder.so" in line[i:]:
                p = line[i:].strip()
                if p not in paths:
                    paths.append(p)
    return ",".join(paths) or "-"


if sys.argv[1] == "ctypes":
    lib = ctypes.CDLL(sys.argv[2])
    lib.adder_version.restype = ctypes.c_char_p
    lib.adder_features.restype = ctypes.c_char_p
    lib.adder_add.restype = ctypes.c_int32
    lib.adder_add.argtypes = [ctypes.c_int32, ctypes.c_int32]
    out = (lib.adder_version().decode(), lib.adder_add(40, 2), lib.adder_features().decode())
else:
    sys.path.insert(0, sys.argv[3])
    mod = importlib.import_module(sys.argv[2])
    ffi, lib = mod.ffi, mod.lib
    out = (ffi.string(lib.adder_version()).decode(), lib.adder_add(40, 2),
           ffi.string(lib.adder_features()).decode())
print(*out, mapped())
