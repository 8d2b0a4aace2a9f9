/* cmd_explain: `nativepkg explain PKG...` — every step of a resolution, and why. */
#include <stdlib.h>
#include <string.h>

#include "cli/command.h"
#include "core/json.h"

enum { OPT_JSON = NP_OPT_FIRST };

/* Whether anything but the host's defaults makes up the toolchain: then explain shows it. */
static bool
toolchain_chosen(const struct np_toolchain *tc)
{
	if (tc->foreign)
		return true;
	/* pkg-config's own variables are shown where pkg-config is (its search path). */
	for (int i = 0; i < NP_TOOL_PKG_CONFIG_PATH; i++)
		if (tc->value[i] && strcmp(tc->origin[i], "default") != 0)
			return true;
	return false;
}

/* The target and its toolchain, each value with where it came from (core/toolchain.h). */
static void
toolchain_text(struct np_session *s)
{
	const struct np_toolchain *tc = &s->toolchain;

	if (!toolchain_chosen(tc))
		return;
	fprintf(s->out, "target %s (Rust %s, %s %s, %s%s)\n", tc->target.gnu, tc->target.rust,
		np_target_os_name(tc->target.os), tc->target.arch,
		np_target_format_name(tc->target.format), tc->foreign ? ", cross" : "");
	for (int i = 0; i < NP_TOOL_COUNT; i++)
		if (tc->value[i])
			fprintf(s->out, "  %s = %s (%s)\n", np_toolchain_key((enum np_tool)i), tc->value[i],
				tc->origin[i]);
	if (tc->missing)
		fprintf(s->out, "  %s\n", tc->missing);
	fputc('\n', s->out);
}

static void
toolchain_json(struct np_session *s, struct np_json *root)
{
	const struct np_toolchain *tc = &s->toolchain;
	struct np_json *t = np_json_add(root, "target", np_json_new(NP_JSON_OBJECT)), *tools;

	np_json_add_string(t, "triple", tc->target.gnu);
	np_json_add_string(t, "rust", tc->target.rust);
	np_json_add(t, "cross", np_json_new_bool(tc->foreign));
	tools = np_json_add(t, "toolchain", np_json_new(NP_JSON_OBJECT));
	for (int i = 0; i < NP_TOOL_COUNT; i++) {
		struct np_json *v;
		if (tc->value[i] == NULL)
			continue;
		v = np_json_add(tools, np_toolchain_key((enum np_tool)i), np_json_new(NP_JSON_OBJECT));
		np_json_add_string(v, "value", tc->value[i]);
		np_json_add_string(v, "from", tc->origin[i]);
	}
	if (tc->missing)
		np_json_add_string(t, "missing", tc->missing);
	else
		np_json_add(t, "missing", np_json_new(NP_JSON_NULL));
}

static void
text(struct np_session *s, const struct np_resolution_set *set)
{
	const struct np_trace *t = &s->ctx.trace;

	toolchain_text(s);

	for (size_t i = 0; i < t->n; i++) {
		const struct np_trace_package *p = t->pkgs[i];
		const struct np_resolution *r = np_resolution_set_find(set, p->name);

		fprintf(s->out, "%s%s\n", i ? "\n" : "", p->name);
		for (size_t k = 0; k < p->n; k++) {
			const struct np_trace_step *st = p->steps[k];
			if (st->verdict == NP_VERDICT_INFO)
				fprintf(s->out, "  %-11s %s\n", st->resolver, st->reason ? st->reason : "");
			else
				fprintf(s->out, "  %-11s %s: %s\n", st->resolver, np_verdict_name(st->verdict),
					st->reason ? st->reason : "");
			for (size_t n = 0; n < st->notes.n; n++)
				fprintf(s->out, "              %s\n", st->notes.v[n]);
		}
		if (r)
			fprintf(s->out, "  => %s %s via %s (%s link)\n", r->name,
				r->version ? r->version : "(version unknown)", np_method_name(r->method),
				np_link_name(r->link));
		else
			fprintf(s->out, "  => not resolved\n");
	}
}

static bool
json(struct np_session *s, const struct np_resolution_set *set, const struct np_error *failure,
	struct np_error *err)
{
	const struct np_trace *t = &s->ctx.trace;
	struct np_json *root = np_json_new(NP_JSON_OBJECT), *pkgs;
	struct np_buf out = {0};
	bool ok;

	toolchain_json(s, root);
	pkgs = np_json_add(root, "packages", np_json_new(NP_JSON_ARRAY));
	for (size_t i = 0; i < t->n; i++) {
		const struct np_trace_package *p = t->pkgs[i];
		const struct np_resolution *r = np_resolution_set_find(set, p->name);
		struct np_json *pj = np_json_add(pkgs, NULL, np_json_new(NP_JSON_OBJECT)), *steps;

		np_json_add_string(pj, "name", p->name);
		if (r) {
			struct np_json *res = np_json_add(pj, "result", np_json_new(NP_JSON_OBJECT));
			np_json_add_string(res, "method", np_method_name(r->method));
			if (r->version)
				np_json_add_string(res, "version", r->version);
			else
				np_json_add(res, "version", np_json_new(NP_JSON_NULL));
			np_json_add_string(res, "link", np_link_name(r->link));
		} else {
			np_json_add(pj, "result", np_json_new(NP_JSON_NULL));
		}
		steps = np_json_add(pj, "steps", np_json_new(NP_JSON_ARRAY));
		for (size_t k = 0; k < p->n; k++) {
			const struct np_trace_step *st = p->steps[k];
			struct np_json *sj = np_json_add(steps, NULL, np_json_new(NP_JSON_OBJECT));
			np_json_add_string(sj, "resolver", st->resolver);
			np_json_add_string(sj, "verdict", np_verdict_name(st->verdict));
			np_json_add_string(sj, "reason", st->reason ? st->reason : "");
			np_json_add_strings(sj, "notes", st->notes.v, st->notes.n);
		}
	}
	if (failure->msg)
		np_json_add_string(root, "error", failure->msg);
	else
		np_json_add(root, "error", np_json_new(NP_JSON_NULL));
	ok = np_json_print(root, true, &out, err);
	if (ok)
		fwrite(np_buf_str(&out), 1, out.len, s->out);
	np_buf_release(&out);
	np_json_free(root);
	return ok;
}

static int
cmd_explain(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	struct np_resolution_set set = {0};
	struct np_error failure = {0};
	bool resolved;

	if (!np_session_need_packages(opts, "explain", err))
		return NP_EXIT_USAGE;
	/* The trace is the point, so it is printed whether or not the resolution succeeded. */
	s->ctx.trace.detail = true;
	resolved = np_session_resolve(s, &opts->args, &set, &failure);
	if (opts->count[OPT_JSON]) {
		if (!json(s, &set, &failure, err)) {
			np_error_release(&failure);
			np_resolution_set_release(&set);
			return err->code;
		}
	} else {
		text(s, &set);
	}
	np_resolution_set_release(&set);
	if (!resolved) {
		*err = failure;
		return err->code;
	}
	return 0;
}

const struct np_command np_cmd_explain = {
	.name = "explain",
	.run = cmd_explain,
	.usage = "[--json] PKG...",
	.summary = "show every step of a resolution and why it ended as it did",
	.description =
		"Resolves the packages and prints the target and its toolchain (when it is not the "
		"host's default: each compiler, tool, flag and sysroot with where it came from), then, "
		"for each package and its dependencies, the recipe file "
		"used (and any it shadows), the settings and where each came from, and every resolver "
		"in order - override, pkg-config, probe - accepted, rejected or skipped, with the "
		"reason and what it consulted: each environment variable (set or not), the pkg-config "
		"search path and the .pc files read, pkg-config's own error text, the probe "
		"compiler's output.\n\n"
		"The trace is printed even when the resolution fails; the exit code is then the "
		"failure's. Nothing is written to the output tree.",
	.options = (const struct np_option[]){
		{OPT_JSON, "json", 0, NULL, "print the trace as JSON", false},
		{0, NULL, 0, NULL, NULL, false},
	},
	.flags = NP_CMD_SESSION,
};
