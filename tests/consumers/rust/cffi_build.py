"""A cffi API-mode extension on the Rust library adder, from `nativepkg flags --format cffi adder`.

Usage: cffi_build.py FLAGS_JSON BUILD_DIR -- builds the module _adder in BUILD_DIR."""
import json
import sys

import cffi

flags_file, build_dir = sys.argv[1], sys.argv[2]
with open(flags_file) as f:
    kwargs = json.load(f)
kwargs["define_macros"] = [tuple(m) for m in kwargs["define_macros"]]

ffi = cffi.FFI()
ffi.cdef("""
const char *adder_version(void);
int32_t adder_add(int32_t a, int32_t b);
const char *adder_features(void);
""")
ffi.set_source("_adder", '#include "adder.h"', **kwargs)
ffi.compile(tmpdir=build_dir, verbose=False)
