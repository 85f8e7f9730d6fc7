// SPDX-License-Identifier: GPL-2.0
/* mm/percpu.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>

void *pcpu_addr_in_chunk(unsigned long phys)
{
	return __va(phys);
}
