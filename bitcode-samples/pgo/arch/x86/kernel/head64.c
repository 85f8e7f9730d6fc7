// SPDX-License-Identifier: GPL-2.0
/*
 *  prepare to run common code (PIE: runs from the 1:1 mapping before relocation)
 */
#include <asm/page.h>
#include <asm/mem_encrypt.h>
#include <linux/numa.h>

unsigned long page_offset_base = 0xffff888000000000UL;
unsigned long vmemmap_base = 0xffffea0000000000UL;

static unsigned int next_early_pgt;

unsigned long __startup_64(unsigned long physaddr)
{
	unsigned long mask = sme_get_me_mask();
	int nid;

	for (nid = 0; nid < MAX_NUMNODES; nid++)
		if (numa_valid_node(nid))
			next_early_pgt++;
	if (memory_pfn_valid(physaddr >> 12))
		mask |= physaddr;
	return mask + next_early_pgt;
}
