#ifndef _LINUX_NUMA_H
#define _LINUX_NUMA_H
#define MAX_NUMNODES 64
int numa_valid_node(int nid);
int memory_pfn_valid(unsigned long pfn);
#endif
