//! "Did you mean …?" from edit distance.

/// Ids longer than this get no guess: nobody types them, and comparing two costs the product of
/// their lengths.
const LONGEST: usize = 64;

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if word.len() > 4 * LONGEST || word.chars().count() > LONGEST {
        return None;
    }
    let limit = (word.chars().count() / 3).clamp(1, 4);
    candidates
        .into_iter()
        .filter(|c| c.len() <= 4 * LONGEST)
        .filter_map(|c| distance(word, c, limit).map(|d| (d, c)))
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// Edit distance counting a swap of two neighbours as one edit (optimal string alignment), or
/// `None` once it is certain to exceed `limit`.
fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for i in 0..a.len() {
        row[0] = i + 1;
        for j in 0..b.len() {
            let cost = usize::from(a[i] != b[j]);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                d = d.min(before[j - 1] + 1);
            }
            row[j + 1] = d;
        }
        if row.iter().min().is_some_and(|&m| m > limit) {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut row);
    }
    Some(prev[b.len()]).filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_near_miss_and_ignores_strangers() {
        let ids = ["urgent_gp", "emergency_999", "self_care"];
        assert_eq!(closest("urgent_pg", ids), Some("urgent_gp"));
        assert_eq!(closest("emergncy_999", ids), Some("emergency_999"));
        assert_eq!(closest("banana", ids), None);
        let long = "a".repeat(40_000);
        assert_eq!(
            closest(&format!("{long}x"), [format!("{long}b").as_str()]),
            None
        );
        assert_eq!(
            closest("rset", ["rest", "reset_all"]),
            Some("rest"),
            "a swap is one edit"
        );
    }
}
