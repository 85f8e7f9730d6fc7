/* btf_decl_tag annotations: clang 15-18 write a DIDerivedType of 14 operands with them at 13,
 * clang 19 and later 15 operands (annotations at 13, pointer authentication at 14). */
struct s { int a __attribute__((btf_decl_tag("tag_a"))); };
typedef int __attribute__((btf_decl_tag("td"))) myint;
struct s g;
myint h;
