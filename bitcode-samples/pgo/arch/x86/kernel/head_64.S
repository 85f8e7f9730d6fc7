/* SPDX-License-Identifier: GPL-2.0 */
/* The assembly entry point: a native ELF member of vmlinux.a, never LTO. */
	.text
	.globl startup_64
startup_64:
	call __startup_64
	ret
