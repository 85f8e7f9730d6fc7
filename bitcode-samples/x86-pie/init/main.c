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
