// SPDX-License-Identifier: GPL-2.0
/* mm/filemap.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>

struct page *filemap_page_addr(const void *addr)
{
	return virt_to_page(addr);
}
