// SPDX-License-Identifier: GPL-2.0
/* mm/slub.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>

struct page *virt_to_slab(const void *addr)
{
	return virt_to_page(addr);
}
