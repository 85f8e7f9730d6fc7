/* Built as b1.c; imports shared() from a.o and adopts its 'frame-pointer' silently. */
int shared(int x);

int b2_entry(int x)
{
	return shared(x) + 2;
}
