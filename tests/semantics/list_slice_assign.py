l = [1, 2, 3, 4, 5]
l[1:3] = [7, 8, 9]
print(l)
l[2:0] = (10,)
print(l)
l[-2:] = []
print(l)
l[::2] = "abc"
print(l)
try:
    l[::2] = [1]
except ValueError as e:
    print(e)
l[:] = range(3)
print(l)
l[5:] = [4]
print(l)
l[::-1] = [9, 8, 7, 6]
print(l)
