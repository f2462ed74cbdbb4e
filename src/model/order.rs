//! The console's one stable sort.
//!
//! `slice::sort_by` is compiled anew for every element type and comparison closure (about 3 KB of
//! wasm each). These functions sort a list of positions instead, through one comparison behind a
//! `&dyn Fn`, so the sorting code exists once, then move the items into place; the order is the
//! same as `sort_by`'s (stable).

use std::cmp::Ordering;

/// `items.sort_by(cmp)`.
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    {
        let all: &[T] = items;
        let by_position = |a: usize, b: usize| match (all.get(a), all.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        };
        sort_positions(&mut order, &by_position);
    }
    permute(items, &mut order);
}

/// `items.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// `items.sort()`.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, Ord::cmp);
}

#[inline(never)]
fn sort_positions(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|a, b| cmp(*a, *b));
}

/// Puts at every position `i` the item that was at `order[i]`, cycle by cycle (`order` is used up).
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut here = start;
        while let Some(slot) = order.get_mut(here) {
            let from = std::mem::replace(slot, DONE);
            if from == DONE || from == start {
                break;
            }
            items.swap(here, from);
            here = from;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unnecessary_sort_by)] // the point is to compare with `sort_by` itself
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn same_order_as_std(pairs in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = pairs.clone();
            let mut std = pairs.clone();
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            std.sort_by(|a, b| b.0.cmp(&a.0));
            prop_assert_eq!(ours, std);
            let mut ours = pairs.clone();
            let mut std = pairs;
            sort_by_key(&mut ours, |p| std::cmp::Reverse(p.1 % 5));
            std.sort_by_key(|p| std::cmp::Reverse(p.1 % 5));
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn sorts_plain_values() {
        let mut v = vec![
            "b".to_owned(),
            "a".to_owned(),
            "c".to_owned(),
            "a".to_owned(),
        ];
        sort(&mut v);
        assert_eq!(v, ["a", "a", "b", "c"]);
        let mut empty: Vec<u8> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
    }
}
