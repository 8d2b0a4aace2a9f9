/* cmd_help: `nativepkg help [COMMAND]`, and the man page and command reference it renders. */
#include "cli/command.h"
#include "cli/help.h"

enum { OPT_MAN = NP_OPT_FIRST, OPT_MARKDOWN };

static int
cmd_help(struct np_session *s, const struct np_parsed *opts, struct np_error *err)
{
	const struct np_command *cmd;

	if (opts->count[OPT_MAN]) {
		np_help_man(s->out);
		return 0;
	}
	if (opts->count[OPT_MARKDOWN]) {
		np_help_markdown(s->out);
		return 0;
	}
	if (opts->args.n == 0) {
		np_help_general(s->out);
		return 0;
	}
	cmd = np_command_find(opts->args.v[0]);
	if (cmd == NULL) {
		np_error_set(err, NP_EXIT_USAGE, "help: no command named '%s'", opts->args.v[0]);
		return NP_EXIT_USAGE;
	}
	np_help_command(cmd, s->out);
	return 0;
}

const struct np_command np_cmd_help = {
	.name = "help",
	.run = cmd_help,
	.usage = "[COMMAND]",
	.summary = "show help for nativepkg or one command",
	.description =
		"Without a command, lists the commands. --man prints the nativepkg(1) man page and "
		"--markdown the command reference (docs/commands.md); both are generated from the "
		"same tables that parse the command line.",
	.options = (const struct np_option[]){
		{OPT_MAN, "man", 0, NULL, "print the man page (roff)", false},
		{OPT_MARKDOWN, "markdown", 0, NULL, "print the command reference (Markdown)", false},
		{0, NULL, 0, NULL, NULL, false},
	},
	.flags = 0,
};
