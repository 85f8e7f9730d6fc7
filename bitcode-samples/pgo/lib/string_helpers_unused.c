// SPDX-License-Identifier: GPL-2.0-only
/* A lib-y member nothing references: lld never pulls it out of lib/lib.a.
 * Its name is longer than 15 characters, so lib/lib.a needs its // long-name table. */
#include <linux/types.h>

int string_escape_unused(int c)
{
	return c ^ 0x20;
}
