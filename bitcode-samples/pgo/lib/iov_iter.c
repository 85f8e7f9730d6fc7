// SPDX-License-Identifier: GPL-2.0
/* lib/iov_iter.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>

void *iov_iter_page_addr(unsigned long phys)
{
	return __va(phys);
}
