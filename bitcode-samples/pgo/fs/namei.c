// SPDX-License-Identifier: GPL-2.0
/* fs/namei.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>
#include <asm/mem_encrypt.h>

const char *getname_skip_space(const char *name)
{
	while (*name && cmdline_is_space(*name))
		name++;
	return name;
}

int kstrtox_digit(int c);

int getname_number(const char *name)
{
	return kstrtox_digit(*name);
}
