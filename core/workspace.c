/* workspace: finding the workspace root. */
#include "core/workspace.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/fs.h"

bool
np_workspace_find(const char *start, struct np_workspace *ws, struct np_error *err)
{
	char *dir = np_path_real(start);

	memset(ws, 0, sizeof *ws);
	if (dir == NULL || !np_fs_is_dir(dir)) {
		free(dir);
		return np_error_set(err, NP_EXIT_USAGE, "'%s' is not a directory", start);
	}
	for (char *d = np_xstrdup(dir);;) {
		char *manifest = np_path_join(d, NP_WORKSPACE_MANIFEST);
		if (np_fs_is_file(manifest)) {
			ws->root = d;
			ws->manifest = manifest;
			break;
		}
		free(manifest);
		if (strcmp(d, "/") == 0) {
			free(d);
			break;
		}
		{
			char *parent = np_path_dirname(d);
			free(d);
			d = parent;
		}
	}
	if (ws->root == NULL)
		ws->root = np_xstrdup(dir);
	ws->start = dir;
	ws->out_dir = np_path_join(ws->root, NP_WORKSPACE_OUT_DIR);
	ws->lock = np_path_join(ws->root, "nativepkg.lock");
	return true;
}

void
np_workspace_release(struct np_workspace *ws)
{
	free(ws->root);
	free(ws->start);
	free(ws->manifest);
	free(ws->out_dir);
	free(ws->lock);
	memset(ws, 0, sizeof *ws);
}
