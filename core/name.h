/* name: the normalised form of package and links names used in environment variable keys. */
#ifndef NP_CORE_NAME_H
#define NP_CORE_NAME_H

#include <stdbool.h>

/* Upper case, every character outside [A-Z0-9] becomes '_' ("libpng" -> "LIBPNG"). Caller frees. */
char *np_name_env(const char *name);
/* A package name: [a-z0-9][a-z0-9._+-]*, at most 64 characters. */
bool np_name_valid_package(const char *name);
/* A library name as given to -l ("z", "stdc++", "gtk-3"): [A-Za-z0-9_.+-], not starting with
 * '-' or '.' (it becomes part of a file name, lib<name>.so). */
bool np_name_valid_library(const char *name);
/*
 * A name nativepkg makes a file or directory name of, in the output tree or elsewhere: a
 * pkg-config module (lib/pkgconfig/<module>.pc), a CMake package (lib/cmake/<Pkg>/), a links
 * name (env/<links>.env), a component. NULL when name is one, else why not, as a phrase that
 * follows the name's subject ("must not start with '.'"): 1 to NP_NAME_FILE_MAX of ASCII
 * letters, digits and . _ + -, starting with a letter, a digit or '_'. So never '/', '\', a
 * control character, a leading '.' or '-' (a hidden file, an option), "." or "..": every real
 * name fits (libpng16, gtk+-3.0, sigc++-2.0, ZLIB, unofficial-sqlite3, python-3.11-embed).
 */
#define NP_NAME_FILE_MAX 100
const char *np_name_file_problem(const char *name);
/* A C identifier (symbols, macros). */
bool np_name_valid_identifier(const char *name);

#endif
