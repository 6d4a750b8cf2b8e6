"""ntm — monitoring and evaluation for the NTM program."""
