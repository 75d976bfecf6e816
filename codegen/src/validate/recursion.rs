//! Types that contain themselves. A cycle through an array or a map is already finite in Rust;
//! a cycle through plain fields or union variants gets a `Box` on each of its edges; a cycle
//! of required, non-null fields has no finite JSON value at all and is a spec error.

use std::collections::HashMap;

use serde_saphyr::Location;

use super::Resolver;
use crate::model::{Type, Vendor};

/// A direct containment: `from` holds a `to` without an array or map in between.
struct Edge {
    from: usize,
    to: usize,
    /// A required, non-null struct field (a cycle of these has no finite value).
    mandatory: bool,
    /// Which field or branch it is: (index in `structs` or `unions`, field or branch index).
    site: Site,
}

enum Site {
    Field(usize, usize),
    Branch(usize, usize),
}

impl Resolver<'_> {
    /// Boxes every direct edge inside a cycle; reports cycles of required fields.
    pub(super) fn box_cycles(&mut self, vendor: &mut Vendor) {
        let mut nodes: HashMap<&str, usize> = HashMap::new();
        for def in &vendor.structs {
            let next = nodes.len();
            nodes.entry(def.name.as_str()).or_insert(next);
        }
        for def in &vendor.unions {
            let next = nodes.len();
            nodes.entry(def.name.as_str()).or_insert(next);
        }
        let target = |ty: &Type| match ty {
            Type::Named(name) => nodes.get(name.as_str()).copied(),
            _ => None,
        };
        let mut edges = Vec::new();
        for (index, def) in vendor.structs.iter().enumerate() {
            let from = nodes[def.name.as_str()];
            for (field_index, field) in def.fields.iter().enumerate() {
                if let Some(to) = target(&field.ty) {
                    edges.push(Edge {
                        from,
                        to,
                        mandatory: !field.optional && !field.nullable,
                        site: Site::Field(index, field_index),
                    });
                }
            }
        }
        for (index, def) in vendor.unions.iter().enumerate() {
            let from = nodes[def.name.as_str()];
            for (branch_index, branch) in def.branches.iter().enumerate() {
                if let Some(to) = target(&branch.ty) {
                    edges.push(Edge {
                        from,
                        to,
                        mandatory: false,
                        site: Site::Branch(index, branch_index),
                    });
                }
            }
        }
        let mut names = vec![String::new(); nodes.len()];
        for (name, index) in &nodes {
            names[*index] = (*name).to_owned();
        }

        let all = components(names.len(), edges.iter().map(|edge| (edge.from, edge.to)));
        for edge in &edges {
            if in_cycle(&all, edge.from, edge.to) {
                match edge.site {
                    Site::Field(def, field) => vendor.structs[def].fields[field].boxed = true,
                    Site::Branch(def, branch) => vendor.unions[def].branches[branch].boxed = true,
                }
            }
        }

        let mandatory = edges.iter().filter(|edge| edge.mandatory);
        let required = components(names.len(), mandatory.map(|edge| (edge.from, edge.to)));
        let mut reported = std::collections::HashSet::new();
        for edge in edges.iter().filter(|edge| edge.mandatory) {
            let component = required.of[edge.from];
            if in_cycle(&required, edge.from, edge.to) && reported.insert(component) {
                let name = &names[edge.from];
                let at = self
                    .type_names
                    .get(name)
                    .copied()
                    .unwrap_or(Location::UNKNOWN);
                // The cycle in containment order: `from`, `to`, ... back to `from`.
                let path = cycle_path(&edges, &required, edge.from, edge.to);
                let members: Vec<&str> = path.iter().map(|node| names[*node].as_str()).collect();
                self.error(
                    &at,
                    format!(
                        "`{name}` contains itself through required, non-null fields ({}): no finite JSON value fits; make one of those fields `optional` or `nullable`",
                        members.join(" → ")
                    ),
                );
            }
        }
    }
}

/// The nodes of a cycle of required fields through `from → to`, in containment order,
/// ending where it starts.
fn cycle_path(edges: &[Edge], components: &Components, from: usize, to: usize) -> Vec<usize> {
    let component = components.of[from];
    // Breadth-first from `to` back to `from` over required edges inside the component.
    let mut previous: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([to]);
    let mut seen = std::collections::HashSet::from([to]);
    while let Some(node) = queue.pop_front() {
        if node == from {
            break;
        }
        for edge in edges.iter().filter(|edge| {
            edge.mandatory && edge.from == node && components.of[edge.to] == component
        }) {
            if seen.insert(edge.to) {
                previous.insert(edge.to, node);
                queue.push_back(edge.to);
            }
        }
    }
    let mut back = vec![from];
    let mut node = from;
    while node != to {
        match previous.get(&node) {
            Some(&before) => {
                back.push(before);
                node = before;
            }
            None => break,
        }
    }
    // `back` is `from` and its predecessors down to `to`; with `from` again and reversed, it
    // is the cycle from `from` through `to`.
    back.push(from);
    back.reverse();
    back
}

/// Strongly connected components: `of[node]` is its component, `size[component]` its size,
/// and `self_loop[node]` whether the node has an edge to itself.
struct Components {
    of: Vec<usize>,
    size: Vec<usize>,
    self_loop: Vec<bool>,
}

/// Whether the edge `from → to` lies on a cycle.
fn in_cycle(components: &Components, from: usize, to: usize) -> bool {
    let component = components.of[from];
    component == components.of[to]
        && (components.size[component] > 1 || (from == to && components.self_loop[from]))
}

/// Tarjan's algorithm, iterative (a spec may have thousands of types).
fn components(count: usize, edges: impl Iterator<Item = (usize, usize)>) -> Components {
    let mut adjacent = vec![Vec::new(); count];
    let mut self_loop = vec![false; count];
    for (from, to) in edges {
        adjacent[from].push(to);
        if from == to {
            self_loop[from] = true;
        }
    }
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut of = vec![UNSEEN; count];
    let mut size = Vec::new();
    let mut next = 0;
    for root in 0..count {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, position in its adjacency list)
        let mut calls = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&(node, position)) = calls.last() {
            if let Some(&child) = adjacent[node].get(position) {
                if let Some(top) = calls.last_mut() {
                    top.1 += 1;
                }
                if index[child] == UNSEEN {
                    index[child] = next;
                    low[child] = next;
                    next += 1;
                    stack.push(child);
                    on_stack[child] = true;
                    calls.push((child, 0));
                } else if on_stack[child] {
                    low[node] = low[node].min(index[child]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let component = size.len();
                let mut members = 0;
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    of[member] = component;
                    members += 1;
                    if member == node {
                        break;
                    }
                }
                size.push(members);
            }
        }
    }
    Components {
        of,
        size,
        self_loop,
    }
}

#[cfg(test)]
mod tests {
    use super::{components, in_cycle};

    #[test]
    fn cycles_and_self_loops_are_found_and_chains_are_not() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 3 a self-loop; 4 → 0 and 2 → 5 lead in and out.
        let edges = [(0, 1), (1, 2), (2, 0), (3, 3), (4, 0), (2, 5)];
        let found = components(6, edges.into_iter());
        assert!(in_cycle(&found, 0, 1) && in_cycle(&found, 1, 2) && in_cycle(&found, 2, 0));
        assert!(in_cycle(&found, 3, 3));
        assert!(!in_cycle(&found, 4, 0));
        assert!(!in_cycle(&found, 2, 5));
    }
}
