/* help: help text, the man page and docs/commands.md, all rendered from the command table. */
#ifndef NP_CLI_HELP_H
#define NP_CLI_HELP_H

#include <stdio.h>

#include "cli/command.h"

void np_help_general(FILE *out);
void np_help_command(const struct np_command *cmd, FILE *out);
/* roff for nativepkg(1). */
void np_help_man(FILE *out);
/* Markdown for docs/commands.md. */
void np_help_markdown(FILE *out);

#endif
