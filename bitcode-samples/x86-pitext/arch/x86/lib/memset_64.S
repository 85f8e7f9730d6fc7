/* SPDX-License-Identifier: GPL-2.0 */
	.text
	.globl memset
memset:
	movq %rdi, %rax
	ret
