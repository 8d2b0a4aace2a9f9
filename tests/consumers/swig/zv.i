/* A SWIG module over zlib's version function. */
%module zv
%{
#include <zlib.h>
%}
const char *zlibVersion(void);
