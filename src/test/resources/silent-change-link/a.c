/* Built -fno-omit-frame-pointer: 'frame-pointer' 2 (Max). */
int shared(int x)
{
	return x * 3;
}
