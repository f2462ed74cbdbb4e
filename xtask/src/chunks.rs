//! Groups wasm-split's shared chunks so that no area fetches more than a few of them.
//!
//! wasm-split cuts one shared chunk per distinct set of split modules (areas) that use a piece of
//! code: with 11 split points that was 109 chunks, and a deep link into the tags view fetched 59 of
//! them besides the main module and its own. Each module is a request, an instantiation and a copy
//! of its import and type sections, so [`group`] merges chunks until every area needs at most
//! [`MAX_SHARED`] of them, each time picking the merge that makes areas load the fewest bytes
//! they do not use (weighted by how much each area matters on a first screen).

use std::collections::{BTreeMap, BTreeSet};

/// Shared chunks an area may fetch: with its own module and the main one, a deep link fetches at
/// most 8 wasm modules.
pub const MAX_SHARED: usize = 6;

/// Parts of an area fetched on demand once its page is on screen (`lazy_parts!` in
/// `src/lazy_pages.rs`): their modules are never on a first screen, so they are not held to
/// [`MAX_SHARED`] (holding them to it merged their code into chunks that other areas fetch).
pub const PARTS: &[&str] = &["tag_tools"];

/// How much a byte loaded for nothing costs in an area: the tags view is the console's main page,
/// the logs and robots next.
fn weight(area: &str) -> u64 {
    match area {
        "tags" => 3,
        "logs" | "robots" => 2,
        _ => 1,
    }
}

type Users = BTreeSet<String>;

/// One future chunk: the areas that will fetch it, the chunks it takes in, their bytes.
struct Group {
    users: Users,
    members: Vec<Users>,
    bytes: u64,
}

/// Bytes that areas of `into` which do not use `group` would load for it, weighted.
fn waste(group: &Group, into: &Users) -> u64 {
    into.difference(&group.users)
        .map(|a| weight(a) * group.bytes)
        .sum()
}

/// For each chunk (by its set of users, with its size), the set of users of the chunk it joins.
pub fn group(chunks: &[(Users, u64)], max_shared: usize) -> BTreeMap<Users, Users> {
    let mut groups: Vec<Group> = chunks
        .iter()
        .map(|(users, bytes)| Group {
            users: users.clone(),
            members: vec![users.clone()],
            bytes: *bytes,
        })
        .collect();
    let areas: Users = chunks.iter().flat_map(|(u, _)| u.iter().cloned()).collect();
    loop {
        let count = |area: &String, groups: &[Group]| {
            groups.iter().filter(|g| g.users.contains(area)).count()
        };
        let over: Users = areas
            .iter()
            .filter(|a| !PARTS.contains(&a.as_str()) && count(a, &groups) > max_shared)
            .cloned()
            .collect();
        if over.is_empty() {
            break;
        }
        // Merging two chunks that an over-limit area both fetches takes one module off it.
        let mut best: Option<(u64, usize, usize)> = None;
        for (i, a) in groups.iter().enumerate() {
            for (j, b) in groups.iter().enumerate().skip(i + 1) {
                if !a.users.intersection(&b.users).any(|u| over.contains(u)) {
                    continue;
                }
                let union: Users = a.users.union(&b.users).cloned().collect();
                let cost = waste(a, &union) + waste(b, &union);
                if best.is_none_or(|(c, _, _)| cost < c) {
                    best = Some((cost, i, j));
                }
            }
        }
        let Some((_, i, j)) = best else { break };
        let b = groups.swap_remove(j);
        let Some(a) = groups.get_mut(i) else { break };
        a.users.extend(b.users);
        a.members.extend(b.members);
        a.bytes += b.bytes;
    }
    groups
        .into_iter()
        .flat_map(|g| {
            let users = g.users;
            g.members.into_iter().map(move |m| (m, users.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> Users {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn merges_until_every_area_fetches_few_chunks_and_never_drops_a_user() {
        let chunks: Vec<(Users, u64)> = vec![
            (set(&["tags", "logs"]), 100),
            (set(&["tags", "robots"]), 50),
            (set(&["tags", "logs", "robots"]), 400),
            (set(&["logs", "robots"]), 10),
            (set(&["tags", "quotas"]), 5),
        ];
        let map = group(&chunks, 2);
        for (users, _) in &chunks {
            let joined = map.get(users).cloned().unwrap_or_default();
            assert!(joined.is_superset(users), "{users:?} → {joined:?}");
        }
        let distinct: BTreeSet<&Users> = map.values().collect();
        for area in ["tags", "logs", "robots", "quotas"] {
            let n = distinct.iter().filter(|u| u.contains(area)).count();
            assert!(n <= 2, "{area} fetches {n} chunks: {map:?}");
        }
        // The big chunk used by three areas stays as it is: merging into it would cost most.
        assert_eq!(
            map.get(&set(&["tags", "logs", "robots"])),
            Some(&set(&["tags", "logs", "robots"]))
        );
    }

    #[test]
    fn parts_may_fetch_more_chunks_than_areas() {
        // tag_tools uses five chunks (over the limit of 2): nothing is merged for it alone.
        let chunks: Vec<(Users, u64)> = vec![
            (set(&["tags", "tag_tools"]), 10),
            (set(&["robots", "tag_tools"]), 10),
            (set(&["logs", "tag_tools"]), 10),
            (set(&["quotas", "tag_tools"]), 10),
            (set(&["mirrors", "tag_tools"]), 10),
        ];
        let map = group(&chunks, 2);
        assert!(map.iter().all(|(k, v)| k == v), "{map:?}");
    }

    #[test]
    fn leaves_chunks_alone_under_the_limit() {
        let chunks = vec![(set(&["a", "b"]), 1), (set(&["b", "c"]), 1)];
        let map = group(&chunks, 6);
        assert!(map.iter().all(|(k, v)| k == v));
    }
}
