// SPDX-License-Identifier: GPL-2.0-only
#include <asm/page.h>

unsigned long totalram;

unsigned long totalram_pages(void)
{
	return totalram;
}

unsigned long pfn_to_kaddr(unsigned long pfn)
{
	return (unsigned long)__va((pfn - riscv_pfn_base) << 12);
}
