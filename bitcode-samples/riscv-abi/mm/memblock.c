// SPDX-License-Identifier: GPL-2.0-or-later
#include <asm/page.h>

phys_addr_t memblock_end = 1UL << 31;

int memblock_is_memory(phys_addr_t base)
{
	return base < memblock_end;
}
