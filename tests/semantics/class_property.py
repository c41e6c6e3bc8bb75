class Temperature:
    def __init__(self, c):
        self._c = c

    @property
    def celsius(self):
        print("get")
        return self._c

    @celsius.setter
    def celsius(self, value):
        print("set", value)
        self._c = value

    def _get_f(self):
        return self._c * 9 / 5 + 32

    fahrenheit = property(_get_f)


class Hot(Temperature):
    pass


t = Temperature(10)
print(t.celsius)
t.celsius += 5
print(t.celsius, t.fahrenheit)
h = Hot(100)
print(h.fahrenheit)
try:
    h.fahrenheit = 3
except AttributeError as e:
    print("AttributeError:", e)
print(h._get_f())
