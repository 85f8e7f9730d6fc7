// SPDX-License-Identifier: GPL-2.0-only
#include <asm/page.h>

unsigned long sifive_errata_pages;

int sifive_errata_patch(unsigned long archid)
{
	if (archid != 7)
		return 0;
	sifive_errata_pages = totalram_pages();
	return 1;
}
