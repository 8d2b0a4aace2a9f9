/* name: the normalised form of package and links names used in environment variable keys. */
#ifndef NP_CORE_NAME_H
#define NP_CORE_NAME_H

#include <stdbool.h>

/* Upper case, every character outside [A-Z0-9] becomes '_' ("libpng" -> "LIBPNG"). Caller frees. */
char *np_name_env(const char *name);
/* A package name: [a-z0-9][a-z0-9._+-]*, at most 64 characters. */
bool np_name_valid_package(const char *name);
/* A library name as given to -l ("z", "stdc++", "gtk-3"): [A-Za-z0-9_.+-], not starting with '-'. */
bool np_name_valid_library(const char *name);
/* A C identifier (symbols, macros). */
bool np_name_valid_identifier(const char *name);

#endif
