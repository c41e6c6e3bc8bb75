//! Python's `set`: CPython 3.11's hash table (Objects/setobject.c),
//! reimplemented so that iteration, `print` and `pop` follow CPython's
//! order. The order is the table's slot order, which depends on the hashes,
//! the table size and the history of insertions and deletions (a deleted
//! slot stays a dummy until the next resize), so the table itself, dummies
//! included, is the state: two sets are one state when their tables are.
//!
//! ints and bools (and tuples of them) hash the same in every CPython run.
//! str and None (and objects, hashed by address) do not: CPython has no
//! fixed order for a set holding them, and floats' hashes are not modelled.
//! Such a set keeps its elements in a canonical table (its order is never
//! shown: order-dependent uses are refused), so that sets with the same
//! elements are one state.

use super::value::{Float, Value};

/// CPython's `_PyHASH_MODULUS` (2**61 - 1).
const MODULUS: i128 = (1 << 61) - 1;
const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    Empty,
    /// A deleted element's slot: probing walks over it.
    Dummy,
    Key(i64, Value),
}

/// Whether CPython's iteration order of the set is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Order {
    Known,
    /// Holds or held a str, None or an object: hashed differently by
    /// every CPython run.
    Random,
    /// Holds or held a float: its hash is not modelled.
    NotModelled,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PySet {
    /// `mask + 1` slots, a power of two.
    pub slots: Vec<Slot>,
    /// Slots not empty (elements and dummies).
    fill: usize,
    /// Elements.
    used: usize,
    /// Where the next `pop` starts looking.
    finger: usize,
    pub order: Order,
}

/// A hashable value's CPython hash, or `None` with why the order of a set
/// holding it is not known (then the hash is a stand-in, the same for
/// equal values). `Err` for an unhashable value is decided by the caller.
pub fn py_hash(v: &Value) -> (i64, Order) {
    match v {
        Value::Int(i) => (int_hash(*i), Order::Known),
        Value::Bool(b) => (*b as i64, Order::Known),
        Value::Float(Float(f)) if f.fract() == 0.0 && f.abs() < 9.2e18 => (int_hash(*f as i64), Order::NotModelled),
        Value::Float(Float(f)) => (f.to_bits() as i64 & 0xffff_ffff, Order::NotModelled),
        Value::Str(s) => (s.bytes().fold(0i64, |h, b| h.wrapping_mul(31).wrapping_add(b as i64)) & 0x7fff_ffff, Order::Random),
        Value::FrozenSet(set) => (frozenset_hash(set), set.order),
        Value::Tuple(items) => {
            // Python 3.8+'s xxHash-based tuple hash.
            const P1: u64 = 11400714785074694791;
            const P2: u64 = 14029467366897019727;
            const P5: u64 = 2870177450012600261;
            let mut order = Order::Known;
            let mut acc = P5;
            for x in items.iter() {
                let (lane, o) = py_hash(x);
                order = worse(order, o);
                acc = acc.wrapping_add((lane as u64).wrapping_mul(P2));
                acc = acc.rotate_left(31);
                acc = acc.wrapping_mul(P1);
            }
            acc = acc.wrapping_add(items.len() as u64 ^ (P5 ^ 3527539));
            if acc == u64::MAX {
                return (1546275796, order);
            }
            (acc as i64, order)
        }
        // Hashed by identity (address) in CPython; a stand-in here, as
        // object ids change when the heap is renumbered.
        _ => (0, Order::Random),
    }
}

pub fn worse(a: Order, b: Order) -> Order {
    match (a, b) {
        (Order::Random, _) | (_, Order::Random) => Order::Random,
        (Order::NotModelled, _) | (_, Order::NotModelled) => Order::NotModelled,
        _ => Order::Known,
    }
}

fn int_hash(i: i64) -> i64 {
    let n = i as i128;
    let h = if n >= 0 { n % MODULUS } else { -((-n) % MODULUS) };
    if h == -1 { -2 } else { h as i64 }
}

/// Python's `==` between hashable values (`1 == 1.0 == True`).
/// CPython 3.11's `frozenset_hash`: order-independent, from the elements'
/// hashes (the empty and dummy slots' contributions cancel out).
fn frozenset_hash(set: &PySet) -> i64 {
    let shuffle = |h: u64| ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167);
    let mut hash: u64 = 0;
    for slot in &set.slots {
        if let Slot::Key(h, _) = slot {
            hash ^= shuffle(*h as u64);
        }
    }
    hash ^= (set.len() as u64 + 1).wrapping_mul(1927868237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69069).wrapping_add(907133923);
    if hash == u64::MAX {
        hash = 590923713;
    }
    hash as i64
}

pub fn key_eq(a: &Value, b: &Value) -> bool {
    let num = |v: &Value| match v {
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Float(f) => Some(f.0),
        _ => None,
    };
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Tuple(x), Value::Tuple(y)) => x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| key_eq(p, q)),
        (Value::FrozenSet(x), Value::FrozenSet(y)) => x.len() == y.len() && x.keys().all(|k| y.contains(k)),
        _ => match (num(a), num(b)) {
            (Some(x), Some(y)) => x == y,
            (None, None) => a == b,
            _ => false,
        },
    }
}

impl Default for PySet {
    fn default() -> Self {
        PySet::new()
    }
}

impl PySet {
    pub fn new() -> PySet {
        PySet { slots: vec![Slot::Empty; MIN_SIZE], fill: 0, used: 0, finger: 0, order: Order::Known }
    }

    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// The elements in slot order (CPython's iteration order when `order`
    /// is `Known`).
    pub fn keys(&self) -> impl Iterator<Item = &Value> {
        self.slots.iter().filter_map(|s| match s {
            Slot::Key(_, v) => Some(v),
            _ => None,
        })
    }

    /// The first element at or after `slot`, and its slot (a set
    /// iterator's step).
    pub fn next_key(&self, slot: usize) -> Option<(usize, &Value)> {
        self.slots.iter().enumerate().skip(slot).find_map(|(j, s)| match s {
            Slot::Key(_, v) => Some((j, v)),
            _ => None,
        })
    }

    fn entries(&self) -> Vec<(i64, Value)> {
        self.slots
            .iter()
            .filter_map(|s| match s {
                Slot::Key(h, v) => Some((*h, v.clone())),
                _ => None,
            })
            .collect()
    }

    pub fn contains(&self, key: &Value) -> bool {
        self.find(py_hash(key).0, key).is_some()
    }

    /// The slot holding `key` (`set_lookkey`).
    fn find(&self, hash: i64, key: &Value) -> Option<usize> {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = hash as u64 as usize & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            for j in i..=i + probes {
                match &self.slots[j] {
                    Slot::Empty => return None,
                    Slot::Key(h, k) if *h == hash && key_eq(k, key) => return Some(j),
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    /// `set_add_entry`: a new key takes the last dummy on its probe path,
    /// else the empty slot ending it; a table two-thirds full grows.
    pub fn add(&mut self, key: Value) {
        let (hash, order) = py_hash(&key);
        self.order = worse(self.order, order);
        self.add_entry(hash, key);
        self.canonicalise();
    }

    fn add_entry(&mut self, hash: i64, key: Value) {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = hash as u64 as usize & mask;
        let mut free: Option<usize> = None;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            for j in i..=i + probes {
                match &self.slots[j] {
                    Slot::Empty => {
                        self.used += 1;
                        if let Some(f) = free {
                            self.slots[f] = Slot::Key(hash, key);
                            return;
                        }
                        self.fill += 1;
                        self.slots[j] = Slot::Key(hash, key);
                        if self.fill * 5 >= mask * 3 {
                            self.resize(if self.used > 50000 { self.used * 2 } else { self.used * 4 });
                        }
                        return;
                    }
                    Slot::Key(h, k) if *h == hash && key_eq(k, &key) => return,
                    // The last dummy on the path, as CPython 3.11 does.
                    Slot::Dummy => free = Some(j),
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    /// `set_insert_clean`: into a table without dummies or this key.
    fn insert_clean(slots: &mut [Slot], hash: i64, key: Value) {
        let mask = slots.len() - 1;
        let mut perturb = hash as u64;
        let mut i = hash as u64 as usize & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            for j in i..=i + probes {
                if slots[j] == Slot::Empty {
                    slots[j] = Slot::Key(hash, key);
                    return;
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    /// `set_table_resize`: the smallest power of two above `min_used`,
    /// elements reinserted in slot order, dummies dropped.
    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::Empty; size]);
        for s in old {
            if let Slot::Key(h, k) = s {
                Self::insert_clean(&mut self.slots, h, k);
            }
        }
        self.fill = self.used;
    }

    /// `set_discard_entry`: the slot becomes a dummy. Whether it was there.
    pub fn discard(&mut self, key: &Value) -> bool {
        let (hash, _) = py_hash(key);
        match self.find(hash, key) {
            Some(j) => {
                self.slots[j] = Slot::Dummy;
                self.used -= 1;
                self.canonicalise();
                true
            }
            None => false,
        }
    }

    /// `set_pop`: the first element from the finger on, wrapping around.
    pub fn pop(&mut self) -> Option<Value> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut j = self.finger & mask;
        while !matches!(self.slots[j], Slot::Key(..)) {
            j = if j == mask { 0 } else { j + 1 };
        }
        let Slot::Key(_, k) = std::mem::replace(&mut self.slots[j], Slot::Dummy) else { unreachable!() };
        self.used -= 1;
        self.finger = j + 1;
        self.canonicalise();
        Some(k)
    }

    /// `set_clear_internal`: a fresh small table (the order is known
    /// again); where `pop` resumes is kept.
    pub fn clear(&mut self) {
        let finger = self.finger;
        *self = PySet::new();
        self.finger = finger;
    }

    /// `set_merge` (`update`, `|`, `set(a_set)`, `copy`): one resize up
    /// front; into an empty table, the other's slots copied as they are
    /// (same size, no dummies) or inserted clean.
    pub fn merge(&mut self, other: &PySet) {
        self.order = worse(self.order, other.order);
        if other.used == 0 {
            return;
        }
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.slots.len() == other.slots.len() && other.fill == other.used {
            self.slots = other.slots.clone();
            self.fill = other.fill;
            self.used = other.used;
        } else if self.fill == 0 {
            for (h, k) in other.entries() {
                Self::insert_clean(&mut self.slots, h, k);
            }
            self.fill = other.used;
            self.used = other.used;
        } else {
            for (h, k) in other.entries() {
                self.add_entry(h, k);
            }
        }
        self.canonicalise();
    }

    /// `set(list(s))`, as unpickling builds it.
    pub fn rebuilt(&self) -> PySet {
        let mut s = PySet::new();
        self.keys().for_each(|k| s.add(k.clone()));
        s.order = worse(s.order, self.order);
        s.canonicalise();
        s
    }

    /// `set.copy()`.
    pub fn copy(&self) -> PySet {
        let mut s = PySet::new();
        s.merge(self);
        s
    }

    /// `set_update_internal` before a dict's keys: one resize up front.
    pub fn reserve(&mut self, n: usize) {
        if (self.fill + n) * 5 >= self.mask() * 3 {
            self.resize((self.used + n) * 2);
        }
    }

    /// `set_swap_bodies` (`&=`): this set takes `other`'s table.
    pub fn take_table(&mut self, other: PySet) {
        let finger = self.finger;
        *self = other;
        self.finger = finger;
    }

    /// After `difference_update`: more than a quarter dummies are resized away.
    pub fn shed_dummies(&mut self) {
        if self.fill - self.used > self.mask() / 4 {
            self.resize(if self.used > 50000 { self.used * 2 } else { self.used * 4 });
        }
    }

    /// A set whose order is unknown is kept in one table per element set:
    /// its elements sorted by stand-in hash, inserted clean into the table
    /// its size would have, so insertion history is not state.
    fn canonicalise(&mut self) {
        if self.order == Order::Known {
            return;
        }
        let mut entries = self.entries();
        entries.sort_by_key(|(h, _)| *h);
        let mut size = MIN_SIZE;
        while size * 3 <= entries.len() * 5 {
            size <<= 1;
        }
        let mut slots = vec![Slot::Empty; size];
        for (h, k) in entries {
            Self::insert_clean(&mut slots, h, k);
        }
        self.slots = slots;
        self.fill = self.used;
        self.finger = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(items: &[Value]) -> PySet {
        let mut s = PySet::new();
        items.iter().for_each(|v| s.add(v.clone()));
        s
    }

    #[test]
    fn hashes_are_cpythons() {
        let t = |v: &[Value]| Value::tuple(v.to_vec());
        let cases = [
            (Value::Int(-1), -2),
            (Value::Int(1 << 61), 1),
            (Value::Int(-(1 << 61)), -2),
            (Value::Int(i64::MAX), 3),
            (Value::Int(i64::MIN), -4),
            (Value::Bool(true), 1),
            (t(&[Value::Int(1), Value::Int(2)]), -3550055125485641917),
            (t(&[]), 5740354900026072187),
            (t(&[Value::Bool(true), Value::Int(-1)]), -6779188579744246035),
        ];
        for (v, h) in cases {
            assert_eq!(py_hash(&v), (h, Order::Known), "{v:?}");
        }
        assert_eq!(py_hash(&Value::str("a")).1, Order::Random);
        assert_eq!(py_hash(&Value::None).1, Order::Random);
    }

    #[test]
    fn the_table_is_the_state_for_ints() {
        // 1 and 9 collide in 8 slots: the one added second goes elsewhere,
        // so the two orders of adding are two (CPython-visible) states.
        let (a, b) = (of(&[Value::Int(1), Value::Int(9)]), of(&[Value::Int(9), Value::Int(1)]));
        assert_ne!(a, b);
        assert_eq!(a.keys().collect::<Vec<_>>(), [&Value::Int(1), &Value::Int(9)]);
        // Without collisions both orders give one table: one state.
        assert_eq!(of(&[Value::Int(1), Value::Int(2)]), of(&[Value::Int(2), Value::Int(1)]));
        // A deleted slot stays in the table: it decides where later
        // elements go (and when the table grows), so it is state too.
        let mut c = of(&[Value::Int(1), Value::Int(2)]);
        c.discard(&Value::Int(2));
        assert_ne!(c, of(&[Value::Int(1)]));
        c.clear();
        assert_eq!(c, PySet::new());
        // `pop` resumes where the last one stopped, even after `clear()`.
        let mut d = of(&[Value::Int(1), Value::Int(2), Value::Int(3)]);
        assert_eq!(d.pop(), Some(Value::Int(1)));
        d.clear();
        assert_ne!(d, PySet::new());
    }

    #[test]
    fn sets_without_a_known_order_are_one_state_per_elements() {
        let (x, y, z) = (Value::str("x"), Value::str("y"), Value::Int(9));
        let a = of(&[x.clone(), y.clone(), z.clone(), Value::Int(1)]);
        let mut b = of(&[Value::Int(1), z.clone(), y.clone(), x.clone(), Value::str("w")]);
        assert_ne!(a, b);
        b.discard(&Value::str("w"));
        assert_eq!(a, b);
        assert_eq!(a.order, Order::Random);
        assert!(a.contains(&y) && !a.contains(&Value::str("w")) && a.contains(&Value::Float(Float(9.0))));
    }
}
