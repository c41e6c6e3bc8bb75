# expect: ok
# define: 112272535095293=97
# define: 112582705942171=99
# define: 112232535095293=101
# define: 115280095190773=105
# define: 115797848077099=107
# define: 1099726899285419=111
# source: 003_f9751d825817d10e.txt, "class concurrent.futures.ProcessPoolExecutor(...)" (the primes example)
# `executor.map(is_prime, PRIMES)` on a ProcessPoolExecutor (cpu_count() = 2 workers): six tasks; the results come
# back in PRIMES order whatever order the workers finish in. The 15-16 digit numbers (millions of loop iterations
# each) are replaced by small odd numbers, primes and not, one define per number.
import concurrent.futures
import math

PRIMES = [
    112272535095293,
    112582705942171,
    112232535095293,
    115280095190773,
    115797848077099,
    1099726899285419
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
