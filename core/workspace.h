/*
 * workspace: the directory tree that shares one linkage point — the nearest ancestor holding
 * nativepkg.json, else the starting directory. It owns the lock nativepkg.lock and the output
 * tree .nativepkg/.
 */
#ifndef NP_CORE_WORKSPACE_H
#define NP_CORE_WORKSPACE_H

#include <stdbool.h>

#include "core/error.h"

#define NP_WORKSPACE_MANIFEST "nativepkg.json"
#define NP_WORKSPACE_OUT_DIR ".nativepkg"

/* Valid when zeroed. */
struct np_workspace {
	char *root;     /* absolute */
	char *start;    /* the directory searched from, absolute */
	char *manifest; /* absolute path of nativepkg.json, NULL when there is none */
	char *out_dir;  /* <root>/.nativepkg */
	char *lock;     /* <root>/nativepkg.lock (which may not exist) */
};

/* Searches from `start` (a directory) upwards. */
bool np_workspace_find(const char *start, struct np_workspace *ws, struct np_error *err);
void np_workspace_release(struct np_workspace *ws);

#endif
