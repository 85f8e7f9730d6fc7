// SPDX-License-Identifier: GPL-2.0-only
/*
 * Misc librarized functions for cmdline poking (PIE).
 */
#include <asm/mem_encrypt.h>

int cmdline_is_space(int c)
{
	return c <= ' ';
}

int cmdline_find_option_bool(const char *cmdline, const char *option)
{
	int pos = 0;

	while (cmdline[pos] && cmdline_is_space(cmdline[pos]))
		pos++;
	while (*option && cmdline[pos] == *option) {
		pos++;
		option++;
	}
	return *option == 0 ? pos : -1;
}
