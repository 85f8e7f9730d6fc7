// SPDX-License-Identifier: GPL-2.0
/* kernel/trace/ring_buffer.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>

void *ring_buffer_page_data(unsigned long phys)
{
	return __va(phys);
}
