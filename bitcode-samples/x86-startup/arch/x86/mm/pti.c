// SPDX-License-Identifier: GPL-2.0
/*
 * Page Table Isolation (PIE)
 */
#include <asm/page.h>
#include <asm/mem_encrypt.h>
#include <linux/numa.h>

static bool pti_enabled;

bool pti_user_pgd_enabled(void)
{
	return pti_enabled;
}

unsigned long __pti_set_user_pgtbl(unsigned long pgdp, unsigned long pgd)
{
	if (!pti_enabled || !memory_pfn_valid(pgd >> 12))
		return pgd;
	return pgdp | pgd;
}
