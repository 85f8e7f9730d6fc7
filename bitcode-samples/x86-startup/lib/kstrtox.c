// SPDX-License-Identifier: GPL-2.0-only
/* lib/kstrtox.c (sample: a lib-y member of lib/lib.a, linked on demand) */
#include <linux/types.h>

int kstrtox_digit(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : -1;
}
