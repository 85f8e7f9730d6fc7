// SPDX-License-Identifier: GPL-2.0
/* mm/page_alloc.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>

struct page *free_pages_pfn(unsigned long pfn)
{
	return pfn_to_page(pfn);
}
