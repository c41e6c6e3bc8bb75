//! Schedules kept as a tree of (parent, choice) links: each explored node
//! stores one link, and a schedule is rebuilt only for the nodes reported.

pub const ROOT: u32 = u32::MAX;

pub struct Paths<C> {
    links: Vec<(u32, Option<C>)>,
}

impl<C: Copy> Paths<C> {
    /// A tree holding the empty schedule as node 0.
    pub fn new() -> Self {
        Paths { links: vec![(ROOT, None)] }
    }

    /// A node one choice below `parent`.
    pub fn push(&mut self, parent: u32, c: C) -> u32 {
        self.links.push((parent, Some(c)));
        (self.links.len() - 1) as u32
    }

    /// The choices from the root to `node`.
    pub fn schedule(&self, mut node: u32) -> Vec<C> {
        let mut v = Vec::new();
        while node != ROOT {
            let (p, c) = self.links[node as usize];
            v.extend(c);
            node = p;
        }
        v.reverse();
        v
    }
}
