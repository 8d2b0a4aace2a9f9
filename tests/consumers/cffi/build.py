"""A cffi API-mode extension built from `nativepkg flags --format cffi zlib`.

Usage: build.py FLAGS_JSON BUILD_DIR -- builds the module _zv in BUILD_DIR."""
import json
import sys

import cffi

flags_file, build_dir = sys.argv[1], sys.argv[2]
with open(flags_file) as f:
    kwargs = json.load(f)
kwargs["define_macros"] = [tuple(m) for m in kwargs["define_macros"]]

ffi = cffi.FFI()
ffi.cdef("const char *zlibVersion(void);")
ffi.set_source("_zv", "#include <zlib.h>", **kwargs)
ffi.compile(tmpdir=build_dir, verbose=False)
