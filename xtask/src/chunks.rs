//! Groups wasm-split's shared chunks so that no area fetches more than a few of them.
//!
//! wasm-split cuts one shared chunk per distinct set of split modules (areas) that use a piece of
//! code: with 11 split points that was 109 chunks, and a deep link into the tags view fetched 59 of
//! them besides the main module and its own. Each module is a request, an instantiation and a copy
//! of its import and type sections, so [`group`] merges chunks until every area needs at most
//! [`MAX_SHARED`] of them, each time picking the merge that makes areas load the fewest bytes
//! they do not use (weighted by how much each area matters on a first screen); then single chunks
//! move between the groups while that lowers those bytes and keeps the limit ([`refine`]; on the
//! 2026-12-05 build the deep links of nine areas 4-35 KiB gzip smaller, the tags view's +3).

use std::collections::{BTreeMap, BTreeSet};

/// Shared chunks an area may fetch: with its own module and the main one, a deep link fetches at
/// most 8 wasm modules.
pub const MAX_SHARED: usize = 6;

/// Parts of an area fetched on demand once its page is on screen (`lazy_parts!` in
/// `src/lazy_pages.rs`): their modules are never on a first screen, so they are not held to
/// [`MAX_SHARED`] (holding them to it merged their code into chunks that other areas fetch).
pub const PARTS: &[&str] = &["tag_tools"];

/// How much a byte loaded for nothing costs in an area: the tags view is the console's main page,
/// the logs and robots next. Measured on one wasm (fifth session, deep links in KiB gzip): with
/// 3/2/1 the tags view's was 403, with 10/2/1 377, with 10/4/1 378 and seven other areas 3-18
/// smaller than with 10/2/1 (quotas +11). Each change of the code moves these by some KiB.
fn weight(area: &str) -> u64 {
    match area {
        "tags" => 10,
        "logs" | "robots" => 4,
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
    group_with(chunks, max_shared, true)
}

fn group_with(chunks: &[(Users, u64)], max_shared: usize, moves: bool) -> BTreeMap<Users, Users> {
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
    // The greedy merges, then single chunks moved between groups while that lowers the bytes
    // loaded for nothing and keeps every area within the limit.
    let mut assign: Vec<usize> = chunks
        .iter()
        .map(|(users, _)| {
            groups
                .iter()
                .position(|g| g.members.contains(users))
                .unwrap_or(usize::MAX)
        })
        .collect();
    if moves {
        refine(chunks, &mut assign, max_shared);
    }
    let mut joined: BTreeMap<usize, Users> = BTreeMap::new();
    for ((users, _), g) in chunks.iter().zip(&assign) {
        joined.entry(*g).or_default().extend(users.iter().cloned());
    }
    chunks
        .iter()
        .zip(&assign)
        .map(|((users, _), g)| (users.clone(), joined.get(g).cloned().unwrap_or_default()))
        .collect()
}

/// Weighted bytes that areas load for nothing when the chunks `members` are one module.
#[cfg(test)]
fn cost<'a>(members: impl Iterator<Item = &'a (Users, u64)> + Clone) -> u64 {
    let users: Users = members
        .clone()
        .flat_map(|(u, _)| u.iter().cloned())
        .collect();
    members
        .map(|(u, b)| users.difference(u).map(|a| weight(a) * b).sum::<u64>())
        .sum()
}

/// One group during [`refine`]: per area, how many of its chunks that area uses and their bytes.
#[derive(Clone, Default)]
struct Tally {
    bytes: u64,
    users: Vec<(u32, u64)>,
}

impl Tally {
    /// Takes a chunk in (`sign` 1) or out (-1).
    fn add(&mut self, chunk: &[bool], bytes: u64, sign: i8) {
        let step = |v: u64, by: u64| {
            if sign > 0 {
                v + by
            } else {
                v.saturating_sub(by)
            }
        };
        self.bytes = step(self.bytes, bytes);
        for (slot, uses) in self.users.iter_mut().zip(chunk) {
            if *uses {
                slot.0 = if sign > 0 {
                    slot.0 + 1
                } else {
                    slot.0.saturating_sub(1)
                };
                slot.1 = step(slot.1, bytes);
            }
        }
    }

    /// The weighted bytes its areas load for nothing: each area that fetches it loads the bytes of
    /// the chunks it does not use.
    fn cost(&self, weights: &[u64]) -> u64 {
        self.users
            .iter()
            .zip(weights)
            .filter(|((n, _), _)| *n > 0)
            .map(|((_, used), w)| w * (self.bytes - used))
            .sum()
    }
}

/// Local search over `assign` (chunk → group): each pass tries every chunk in every other group
/// and in a group of its own, and makes the move that lowers the total cost most while every
/// area (parts aside) fetches at most `max_shared` groups.
fn refine(chunks: &[(Users, u64)], assign: &mut [usize], max_shared: usize) {
    let areas: Vec<&String> = chunks
        .iter()
        .flat_map(|(u, _)| u.iter())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let weights: Vec<u64> = areas.iter().map(|a| weight(a)).collect();
    let limited: Vec<bool> = areas.iter().map(|a| !PARTS.contains(&a.as_str())).collect();
    let uses: Vec<Vec<bool>> = chunks
        .iter()
        .map(|(u, _)| areas.iter().map(|a| u.contains(*a)).collect())
        .collect();
    let slots = chunks.len() + 1;
    let empty = Tally {
        bytes: 0,
        users: vec![(0, 0); areas.len()],
    };
    let mut tallies = vec![empty.clone(); slots];
    for ((chunk, (_, bytes)), g) in uses.iter().zip(chunks).zip(assign.iter()) {
        if let Some(t) = tallies.get_mut(*g) {
            t.add(chunk, *bytes, 1);
        }
    }
    // How many groups each area fetches.
    let fetched = |tallies: &[Tally]| -> Vec<usize> {
        (0..areas.len())
            .map(|a| {
                tallies
                    .iter()
                    .filter(|t| t.users.get(a).is_some_and(|u| u.0 > 0))
                    .count()
            })
            .collect()
    };
    for _ in 0..500 {
        let counts = fetched(&tallies);
        let fresh = (0..slots).find(|g| {
            tallies
                .get(*g)
                .is_some_and(|t| t.users.iter().all(|u| u.0 == 0))
        });
        let mut best: Option<(u64, usize, usize)> = None;
        for (i, (chunk, (_, bytes))) in uses.iter().zip(chunks).enumerate() {
            let Some(&from) = assign.get(i) else { continue };
            let Some(source) = tallies.get(from) else {
                continue;
            };
            let mut left = source.clone();
            left.add(chunk, *bytes, -1);
            let before_from = source.cost(&weights);
            let after_from = left.cost(&weights);
            for (to, target) in tallies.iter().enumerate() {
                let is_empty = target.users.iter().all(|u| u.0 == 0);
                if to == from || (is_empty && Some(to) != fresh) {
                    continue;
                }
                let mut joined = target.clone();
                joined.add(chunk, *bytes, 1);
                let before = before_from + target.cost(&weights);
                let after = after_from + joined.cost(&weights);
                if after >= before || best.is_some_and(|(g, _, _)| before - after <= g) {
                    continue;
                }
                // The limit: an area leaves `from` when its last chunk there moves, joins `to`
                // when it had none there.
                let within = (0..areas.len()).all(|a| {
                    let gone = |t: &Tally| t.users.get(a).is_some_and(|u| u.0 > 0);
                    let n = counts.get(a).copied().unwrap_or(0)
                        + usize::from(gone(&joined) && !gone(target))
                        - usize::from(gone(source) && !gone(&left));
                    !limited.get(a).copied().unwrap_or(true) || n <= max_shared
                });
                if within {
                    best = Some((before - after, i, to));
                }
            }
        }
        let Some((_, i, to)) = best else { return };
        let (Some(chunk), Some((_, bytes)), Some(from)) =
            (uses.get(i), chunks.get(i), assign.get(i).copied())
        else {
            return;
        };
        if let Some(t) = tallies.get_mut(from) {
            t.add(chunk, *bytes, -1);
        }
        if let Some(t) = tallies.get_mut(to) {
            t.add(chunk, *bytes, 1);
        }
        if let Some(slot) = assign.get_mut(i) {
            *slot = to;
        }
    }
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

    /// The weighted bytes loaded for nothing under a grouping.
    fn total_cost(chunks: &[(Users, u64)], map: &BTreeMap<Users, Users>) -> u64 {
        let groups: BTreeSet<&Users> = map.values().collect();
        groups
            .into_iter()
            .map(|g| cost(chunks.iter().filter(|(u, _)| map.get(u) == Some(g))))
            .sum()
    }

    #[test]
    fn moves_after_the_merges_never_cost_more_and_keep_the_limit() {
        // A spread of chunks over six areas, sizes from 1 to ~900.
        let areas = ["tags", "logs", "robots", "quotas", "mirrors", "review"];
        let mut chunks: Vec<(Users, u64)> = Vec::new();
        for mask in 1u32..64 {
            let users: Users = areas
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, a)| (*a).to_owned())
                .collect();
            chunks.push((users, u64::from((mask * 37) % 911 + 1)));
        }
        let (mut sum_before, mut sum_after) = (0, 0);
        for limit in [2, 3, 4, 6] {
            let greedy = group_with(&chunks, limit, false);
            let moved = group(&chunks, limit);
            for (users, _) in &chunks {
                assert!(moved.get(users).is_some_and(|j| j.is_superset(users)));
            }
            let distinct: BTreeSet<&Users> = moved.values().collect();
            for area in areas {
                let n = distinct.iter().filter(|u| u.contains(area)).count();
                assert!(n <= limit, "{area} fetches {n} > {limit}");
            }
            let (before, after) = (total_cost(&chunks, &greedy), total_cost(&chunks, &moved));
            assert!(after <= before, "limit {limit}: {after} > {before}");
            sum_before += before;
            sum_after += after;
        }
        // On this spread the moves do save something (2% with the weights of 2026-12-05, 12% with
        // tags ×3 and logs, robots ×2).
        assert!(sum_after < sum_before, "{sum_before} → {sum_after}");
    }

    #[test]
    fn leaves_chunks_alone_under_the_limit() {
        let chunks = vec![(set(&["a", "b"]), 1), (set(&["b", "c"]), 1)];
        let map = group(&chunks, 6);
        assert!(map.iter().all(|(k, v)| k == v));
    }
}
