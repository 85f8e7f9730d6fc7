// SPDX-License-Identifier: GPL-2.0
/* init/main.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>
#include <linux/numa.h>

int start_kernel(void)
{
	int nid, n = 0;

	for (nid = 0; nid < MAX_NUMNODES; nid++)
		n += numa_valid_node(nid);
	return n;
}

/* Too large to import under the kernel's -import-instr-limit=5, small enough for LLVM's default 100. */
int cmdline_find_option_bool(const char *cmdline, const char *option);
static const char boot_command_line[] = "console=ttyS0 nokaslr";

int parse_early_options(void)
{
	return cmdline_find_option_bool(boot_command_line, "nokaslr");
}
