#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H
typedef unsigned int u32;
typedef unsigned long long u64;
typedef unsigned long phys_addr_t;
typedef _Bool bool;
#define NULL ((void *)0)
#endif
