//! "Did you mean …?" from edit distance.

/// Ids longer than this get no guess: nobody types them, and comparing two costs the product of
/// their lengths.
const LONGEST: usize = 64;

/// A guess names at most this many candidates, and counts the rest.
const SHOWN: usize = 5;

/// Every candidate as close to a word as the closest, when that is close enough to be a
/// likely typo: in order, the first [`SHOWN`] named and the rest counted. Following one hint
/// when another is as likely is how a typo becomes a wrong link that checks clean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guess {
    pub near: Vec<String>,
    pub more: usize,
}

impl Guess {
    /// "did you mean `a`?", or with several as close: "did you mean `a` or `b`? (each is as
    /// close)"; each candidate between `quote`s.
    pub fn hint(&self, quote: &str) -> String {
        let named: Vec<String> = self
            .near
            .iter()
            .map(|c| format!("{quote}{c}{quote}"))
            .collect();
        match (named.as_slice(), self.more) {
            ([one], 0) => format!("did you mean {one}?"),
            ([first @ .., last], 0) => format!(
                "did you mean {} or {last}? (each is as close)",
                first.join(", ")
            ),
            (all, 1) => format!("did you mean {}, or another as close?", all.join(", ")),
            (all, more) => format!(
                "did you mean {}, or one of {more} others as close?",
                all.join(", ")
            ),
        }
    }
}

/// Every candidate as close to `word` as the closest, if that is close enough to be a likely
/// typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<Guess> {
    if word.len() > 4 * LONGEST || word.chars().count() > LONGEST {
        return None;
    }
    let mut limit = (word.chars().count() / 3).clamp(1, 4);
    let mut near: Vec<&str> = Vec::new();
    for c in candidates.into_iter().filter(|c| c.len() <= 4 * LONGEST) {
        match distance(word, c, limit) {
            // Closer than all so far: only it, and nothing farther from now on.
            Some(d) if d < limit || near.is_empty() => {
                near.clear();
                limit = d;
                near.push(c);
            }
            Some(_) => near.push(c),
            None => {}
        }
    }
    near.sort_unstable();
    near.dedup();
    let more = near.len().saturating_sub(SHOWN);
    near.truncate(SHOWN);
    (!near.is_empty()).then(|| Guess {
        near: near.into_iter().map(str::to_string).collect(),
        more,
    })
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

    fn hint(word: &str, ids: &[&str]) -> Option<String> {
        closest(word, ids.iter().copied()).map(|g| g.hint("`"))
    }

    #[test]
    fn finds_a_near_miss_and_ignores_strangers() {
        let ids = ["urgent_gp", "emergency_999", "self_care"];
        assert_eq!(
            hint("urgent_pg", &ids).as_deref(),
            Some("did you mean `urgent_gp`?")
        );
        assert_eq!(
            hint("emergncy_999", &ids).as_deref(),
            Some("did you mean `emergency_999`?")
        );
        assert_eq!(hint("banana", &ids), None);
        let long = "a".repeat(40_000);
        assert_eq!(
            closest(&format!("{long}x"), [format!("{long}b").as_str()]),
            None
        );
        assert_eq!(
            hint("rset", &["rest", "reset_all"]).as_deref(),
            Some("did you mean `rest`?"),
            "a swap is one edit"
        );
    }

    #[test]
    fn names_every_candidate_as_close_as_the_closest() {
        // The typo that once checked clean after following the only hint given.
        assert_eq!(
            hint("impact_sso", &["impact_ssso", "impact_ssoo", "impact_s"]).as_deref(),
            Some("did you mean `impact_ssoo` or `impact_ssso`? (each is as close)")
        );
        // A closer one found later drops those found before it.
        assert_eq!(
            hint("route_b", &["route_bcd", "route_cd", "route_bc"]).as_deref(),
            Some("did you mean `route_bc`?")
        );
        assert_eq!(
            hint(
                "step",
                &["stop", "stem", "seep", "steep", "stp", "sTep", "stop"]
            )
            .as_deref(),
            Some("did you mean `sTep`, `seep`, `steep`, `stem`, `stop`, or another as close?")
        );
    }
}
