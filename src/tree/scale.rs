//! A tree's own outcome scale and words. A tree that declares none gets the medical scale
//! (emergency to self-care) and the words of a call, so format 1 files read as they always did.

use serde::{Deserialize, Deserializer};

/// An outcome's level on its tree's scale, by id, as the file spells it (`SelfCare`, `Defer`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Urgency(pub Box<str>);

impl Urgency {
    /// The level's id, as the file spells it.
    pub fn name(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Urgency {
    /// Written bare, as a name (`urgency: Urgent`), never in quotes.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = Urgency;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a level of the scale, written as a name without quotes")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Urgency, E> {
                Ok(Urgency(v.into()))
            }
        }
        d.deserialize_identifier(Name)
    }
}

/// A colour for a level, from a few that read well on screen, in print and in graphs.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum Colour {
    Red,
    Orange,
    Yellow,
    Blue,
    Green,
    Grey,
    Purple,
}

impl Colour {
    /// A light fill for graphs.
    pub fn fill(self) -> &'static str {
        match self {
            Colour::Red => "#f4a6a6",
            Colour::Orange => "#f9c9a0",
            Colour::Yellow => "#fbe7a1",
            Colour::Blue => "#c9dcf5",
            Colour::Green => "#c8e6c1",
            Colour::Grey => "#dddddd",
            Colour::Purple => "#dcc9f0",
        }
    }
}

/// One level of a scale, as the file declares it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// The name outcomes give as their `urgency`.
    pub id: Urgency,
    /// The level in words, on screen and in print (`OUT OF CYCLE`).
    pub label: Box<str>,
    /// Grey when none is given.
    #[serde(default)]
    pub colour: Option<Colour>,
}

impl Level {
    fn new(id: &str, label: &str, colour: Colour) -> Level {
        Level {
            id: Urgency(id.into()),
            label: label.into(),
            colour: Some(colour),
        }
    }

    /// The level's colour.
    pub fn colour(&self) -> Colour {
        self.colour.unwrap_or(Colour::Grey)
    }
}

/// The levels outcomes are sorted by, most urgent first. The first is the one whose outcomes
/// need no "call back" words (they send help now) and whose signs a jump never skips.
#[derive(Clone, Debug)]
pub struct Scale {
    levels: Vec<Level>,
    /// Each level's place by its id (the first, for an id declared twice).
    rank: std::collections::HashMap<Box<str>, usize>,
}

impl Scale {
    /// The medical scale, for a tree that declares none.
    pub fn medical() -> Scale {
        Scale::new(vec![
            Level::new("Emergency", "EMERGENCY", Colour::Red),
            Level::new("Urgent", "URGENT", Colour::Orange),
            Level::new("Soon", "SOON", Colour::Yellow),
            Level::new("Routine", "ROUTINE", Colour::Blue),
            Level::new("SelfCare", "SELF-CARE", Colour::Green),
        ])
    }

    fn new(levels: Vec<Level>) -> Scale {
        let mut rank = std::collections::HashMap::with_capacity(levels.len());
        for (i, l) in levels.iter().enumerate() {
            rank.entry(l.id.0.clone()).or_insert(i);
        }
        Scale { levels, rank }
    }

    /// A tree's scale: the levels it declares, or the medical one.
    pub fn of(declared: &[Level]) -> Scale {
        if declared.is_empty() {
            Scale::medical()
        } else {
            Scale::new(declared.to_vec())
        }
    }

    /// Every level, most urgent first.
    pub fn levels(&self) -> &[Level] {
        &self.levels
    }

    /// Where a level stands: 0 is the most urgent.
    pub fn rank(&self, urgency: &Urgency) -> Option<usize> {
        self.rank.get(urgency.name()).copied()
    }

    /// A level's words, or its id when the scale lacks it (a tree with errors).
    pub fn label<'a>(&'a self, urgency: &'a Urgency) -> &'a str {
        self.rank(urgency)
            .map_or(urgency.name(), |r| &*self.levels[r].label)
    }

    /// A level's colour (grey when the scale lacks it).
    pub fn colour(&self, urgency: &Urgency) -> Colour {
        self.rank(urgency)
            .map_or(Colour::Grey, |r| self.levels[r].colour())
    }

    /// Whether outcomes of this level send help now (the scale's first level).
    pub fn is_top(&self, urgency: &Urgency) -> bool {
        self.rank(urgency) == Some(0)
    }
}

/// The words on screen that belong to the tree's field; each has today's words by default.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// In every title bar, so it is never out of sight ("NOT A DIAGNOSIS").
    #[serde(default)]
    pub banner: Option<Box<str>>,
    /// Over what a question asks ("Ask:").
    #[serde(default)]
    pub ask: Option<Box<str>>,
    /// Over what an info step or an outcome says ("Say:").
    #[serde(default)]
    pub say: Option<Box<str>>,
    /// Over an outcome's signs to come back for ("Say when to call back:").
    #[serde(default)]
    pub call_back: Option<Box<str>>,
    /// Over what the person using tread does at an outcome ("You do").
    #[serde(default)]
    pub you_do: Option<Box<str>>,
}

impl Words {
    pub fn banner(&self) -> &str {
        self.banner.as_deref().unwrap_or("NOT A DIAGNOSIS")
    }
    pub fn ask(&self) -> &str {
        self.ask.as_deref().unwrap_or("Ask:")
    }
    pub fn say(&self) -> &str {
        self.say.as_deref().unwrap_or("Say:")
    }
    pub fn call_back(&self) -> &str {
        self.call_back
            .as_deref()
            .unwrap_or("Say when to call back:")
    }
    pub fn you_do(&self) -> &str {
        self.you_do.as_deref().unwrap_or("You do")
    }
}
