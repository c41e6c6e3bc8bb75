# Checks recursion: factorial (big ints within 64-bit), fibonacci, mutual recursion, hanoi, nested-list depth.
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)
print(fact(0), fact(5), fact(20))
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
print(fib(1), fib(2), fib(15))
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)
def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)
print(is_even(10), is_odd(7), is_even(3))
def hanoi(n, src, dst, via, moves):
    if n == 0:
        return moves
    hanoi(n - 1, src, via, dst, moves)
    moves.append(src + dst)
    hanoi(n - 1, via, dst, src, moves)
    return moves
print(hanoi(3, "A", "C", "B", []))
def depth(lst):
    if not isinstance(lst, list):
        return 0
    best = 0
    for x in lst:
        best = max(best, depth(x))
    return best + 1
print(depth([1, [2, [3, []]], 4]), depth(5), depth([]))
