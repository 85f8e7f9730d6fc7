// SPDX-License-Identifier: GPL-2.0-only
#include <asm/page.h>

int panic_on_oom(void)
{
	return totalram_pages() == 0;
}
