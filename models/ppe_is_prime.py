# expect: ok
# define: 112272535095293=97
# define: 112232535095293=91
# source: 003_f9751d825817d10e.txt, "ProcessPoolExecutor" (two of the six numbers, replaced by small ones: the trial
# division of a 15-digit number is millions of steps, and every task more multiplies the interleavings)
import concurrent.futures
import math

PRIMES = [
    112272535095293,
    112232535095293
]


def is_prime(n):
    if n < 2:
        return False
    if n == 2:
        return True
    if n % 2 == 0:
        return False

    sqrt_n = int(math.floor(math.sqrt(n)))
    for i in range(3, sqrt_n + 1, 2):
        if n % i == 0:
            return False
    return True


def main():
    with concurrent.futures.ProcessPoolExecutor() as executor:
        for number, prime in zip(PRIMES, executor.map(is_prime, PRIMES)):
            print('%d is prime: %s' % (number, prime))


if __name__ == '__main__':
    main()
