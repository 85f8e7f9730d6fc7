// SPDX-License-Identifier: GPL-2.0-only
#include <asm/page.h>

void *set_direct_map_addr(unsigned long pa)
{
	return __va(pa);
}
