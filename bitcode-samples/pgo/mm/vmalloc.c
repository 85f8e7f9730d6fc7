// SPDX-License-Identifier: GPL-2.0
/* mm/vmalloc.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>

struct page *vmalloc_to_page(unsigned long pfn)
{
	return pfn_to_page(pfn);
}
