# Checks subclassing: super().__init__(), method overriding, inherited attributes and isinstance.
class Animal:
    kind = "animal"
    def __init__(self, name):
        self.name = name
        self.sounds = []
    def speak(self):
        self.sounds.append(self.sound())
        return f"{self.name} says {self.sound()}"
    def sound(self):
        return "..."
class Dog(Animal):
    kind = "dog"
    def __init__(self, name, breed="mutt"):
        super().__init__(name)
        self.breed = breed
    def sound(self):
        return "woof"
class Puppy(Dog):
    def __init__(self, name):
        super().__init__(name, breed="tiny")
        self.age = 0
    def speak(self):
        base = super().speak()
        return base + "!"
a, d, p = Animal("generic"), Dog("rex"), Puppy("bit")
print(a.speak(), "|", d.speak(), "|", p.speak())
print(a.kind, d.kind, p.kind, Puppy.kind)
print(d.breed, p.breed, p.age, p.name)
print(isinstance(p, Dog), isinstance(p, Animal), isinstance(d, Puppy), type(p).__name__)
print(p.sounds, d.sounds, a.sounds)
class Base:
    def __init__(self):
        self.log = ["base"]
class Child(Base):
    def __init__(self):
        self.log = ["pre"]
        super().__init__()
        self.log.append("child")
print(Child().log)
