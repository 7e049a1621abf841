// SPDX-License-Identifier: MIT
/* The program every start-up benchmark starts: nothing but the loader. */
int main(void)
{
	return 0;
}
