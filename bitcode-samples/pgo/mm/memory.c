// SPDX-License-Identifier: GPL-2.0-only
/* mm/memory.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>
#include <asm/mem_encrypt.h>
#include <linux/numa.h>

unsigned long max_pfn = 1UL << 20;

int memory_pfn_valid(unsigned long pfn)
{
	return pfn < max_pfn;
}

int handle_mm_fault(unsigned long address)
{
	if (pti_user_pgd_enabled())
		return -1;
	return memory_pfn_valid(address >> PAGE_SHIFT) ? 0 : -14;
}
