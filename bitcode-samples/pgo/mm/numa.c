// SPDX-License-Identifier: GPL-2.0
/* mm/numa.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>
#include <linux/numa.h>

static unsigned long node_online_mask = 1;

int numa_valid_node(int nid)
{
	return (node_online_mask >> nid) & 1;
}

void *numa_node_data(int nid, unsigned long phys)
{
	if (!numa_valid_node(nid))
		return NULL;
	return __va(phys);
}
