// SPDX-License-Identifier: GPL-2.0-only
#include <asm/page.h>

unsigned long setup_arch(unsigned long pa)
{
	return kernel_map_virt(pa) + totalram_pages();
}
