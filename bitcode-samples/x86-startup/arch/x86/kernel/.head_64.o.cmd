savedcmd_arch/x86/kernel/head_64.o := clang -D__ASSEMBLY__ -Iinclude -Iarch/x86/include --target=x86_64-linux-gnu  -c -o arch/x86/kernel/head_64.o arch/x86/kernel/head_64.S
