# Checks try/except/else/finally flow and ordering, finally before return, multiple except clauses.
def run(x):
    out = []
    try:
        out.append("try")
        r = 10 // x
        out.append("ok " + str(r))
    except ZeroDivisionError as e:
        out.append("zde:" + str(e))
    else:
        out.append("else")
    finally:
        out.append("finally")
    return out
print(run(2))
print(run(0))
def fin_return():
    try:
        return "from try"
    finally:
        print("finally runs before return")
print(fin_return())
for v in ["12", "x", None]:
    try:
        print("int", int(v))
    except ValueError as e:
        print("ValueError", e)
    except TypeError as e:
        print("TypeError", e)
    finally:
        print("checked", repr(v))
try:
    print("no error")
except ValueError:
    print("not printed")
else:
    print("else ran")
