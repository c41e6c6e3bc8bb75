# Checks nested try blocks: unmatched handlers propagate outward, inner finally runs, loops with break in try.
def nested():
    try:
        try:
            raise ValueError("inner")
        except TypeError:
            print("not here")
        finally:
            print("inner finally")
        print("not reached")
    except ValueError as e:
        print("outer caught", e)
nested()
try:
    try:
        raise RuntimeError("boom")
    except ValueError:
        print("wrong handler")
except RuntimeError as e:
    print("propagated", type(e).__name__, e)
for i in range(5):
    try:
        if i == 1:
            continue
        if i == 3:
            break
        print("body", i)
    finally:
        print("finally", i)
def after_catch():
    try:
        [][0]
    except IndexError as e:
        print("caught", e)
        return "returned from except"
    finally:
        print("finally after except")
print(after_catch())
