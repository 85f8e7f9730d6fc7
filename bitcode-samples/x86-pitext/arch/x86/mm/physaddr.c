// SPDX-License-Identifier: GPL-2.0
#include <asm/init.h>

unsigned long phys_base;

unsigned long __phys_addr(unsigned long x)
{
	return x - 0xffffffff80000000UL + phys_base;
}
