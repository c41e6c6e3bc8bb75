# Checks indexing and slicing of strings, including negative indices and steps.
s = "abcdefgh"
print(s[0], s[3], s[-1], s[-3])
print(s[2:5], s[:3], s[5:], s[:])
print(s[-3:], s[:-3], s[-5:-2])
print(s[::2], s[1::2], s[::-1])
print(s[6:1:-1], s[::-3], s[-1:-4:-1])
print(repr(s[5:2]), repr(s[100:]), s[:100])
print(s[-100:3])
for ch in "xyz":
    print(ch, end=" ")
print()
for i in range(len(s) - 1, -1, -3):
    print(i, s[i])
try:
    print(s[8])
except IndexError as e:
    print(type(e).__name__, e)
try:
    print(s[-9])
except IndexError as e:
    print(type(e).__name__, e)
try:
    s[0] = "z"
except TypeError as e:
    print(type(e).__name__, e)
print("d" in s, s[1:4] + s[-2:])
