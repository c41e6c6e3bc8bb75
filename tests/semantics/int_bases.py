# hex(), oct() and bin(), as CPython prints them (hex(id(x)) shows an address).
print(hex(255), hex(-255), hex(0), oct(8), oct(-9), bin(5), bin(-5), bin(0), hex(True))


class C:
    pass


c = C()
print(hex(id(c)) in repr(c), hex(id(c)).startswith("0x"))
for bad in [1.5, "7", None]:
    try:
        hex(bad)
    except TypeError as e:
        print("TypeError:", e)
