//! The command line, as clap types only.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Walk a decision tree, node by node, in the terminal.
///
/// With no arguments, tread walks its bundled tree: screening support for back pain caused by
/// muscle spasms, and when botulinum toxin A injections come into it. It is a guide for
/// non-clinical staff and a teaching aid, not a diagnosis.
#[derive(Debug, Parser)]
#[command(
    name = "tread",
    version,
    subcommand_precedence_over_arg = true,
    override_usage = "tread [OPTIONS] [TREE]\n       tread [OPTIONS] <COMMAND>"
)]
#[command(
    after_help = "Examples:\n  tread                      walk the bundled back-pain tree\n  \
    tread my-tree.ron          walk another tree\n  \
    tread check trees/         check every tree file below a directory\n\n\
    In the walk, press ? for the keys. NO_COLOR turns colour off."
)]
pub struct Cli {
    /// A tree file to walk instead of the bundled one
    #[arg(value_name = "TREE")]
    pub tree: Option<PathBuf>,

    /// Reload the tree when its file changes, keeping your place (for authors; not recorded)
    #[arg(long, requires = "tree", conflicts_with = "resume")]
    pub watch: bool,

    /// Leave the mouse to the terminal (for selecting text by hand); also `mouse: false` in the
    /// config file
    #[arg(long)]
    pub no_mouse: bool,

    /// Do not record this walk as a call (the title bar says so)
    #[arg(long)]
    pub no_record: bool,

    /// Walk line by line on standard input and output: no cursor movement, no colour (for
    /// screen readers, pipes and scripts)
    #[arg(long, conflicts_with = "watch")]
    pub plain: bool,

    /// The answers, by number, for a plain walk without input: `--answers ,1,2` (an empty one goes on from a step read out; implies --plain)
    #[arg(long, value_name = "LIST", conflicts_with = "watch")]
    pub answers: Option<String>,

    /// Take up a call that was quit or crashed where it stopped (an id, or its start)
    #[arg(long, value_name = "ID")]
    pub resume: Option<String>,

    #[command(flatten)]
    pub seat: SeatArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do instead of walking.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check tree files and report every problem, each at its file:line:col
    ///
    /// Exits 0 when no file has errors (warnings allowed), 1 when any has, and 2 when a file
    /// cannot be read.
    Check {
        /// Tree files, or directories to search for *.ron files
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,

        /// How to print what is found: for people, or one JSON object a line for tools
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,

        /// Fail (exit 1) on warnings as well as errors
        #[arg(long)]
        deny_warnings: bool,
    },

    /// Draw the whole tree as a Graphviz DOT or Mermaid graph
    Graph {
        /// The tree file
        #[arg(value_name = "TREE")]
        tree: PathBuf,

        /// The kind of graph
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },

    /// List every path from the start to an outcome, one a line, as it is found
    Paths {
        /// The tree file
        #[arg(value_name = "TREE")]
        tree: PathBuf,

        /// Only the paths through this node
        #[arg(long, value_name = "NODE")]
        to: Option<String>,

        /// At most this many paths
        #[arg(long, value_name = "N")]
        limit: Option<u64>,

        /// One line of text a path, or one JSON object a line
        #[arg(long, value_enum, default_value_t = PathsFormat::Text)]
        format: PathsFormat,
    },

    /// Count the nodes, outcomes and paths of a tree
    Stats {
        /// The tree file
        #[arg(value_name = "TREE")]
        tree: PathBuf,
    },

    /// Run a tree's cases (`x.cases.ron` beside `x.ron`), cargo-test style, and say what they
    /// cover of the tree
    ///
    /// Exits 0 when every case passes and the coverage asked for is met, 1 when not.
    Test {
        /// The tree file (the bundled tree when none is named)
        #[arg(value_name = "TREE")]
        tree: Option<PathBuf>,

        /// The cases file, when it is not the one beside the tree
        #[arg(long, value_name = "FILE")]
        cases: Option<PathBuf>,

        /// For people, or one JSON object a case and one for the coverage
        #[arg(long, value_enum, default_value_t = TestFormat::Human)]
        format: TestFormat,

        /// Fail when coverage is below these percents: outcomes=100,answers=90,red_flags=100,paths=50
        #[arg(long, value_name = "KIND=PERCENT,…")]
        min_coverage: Option<String>,
    },

    /// A quiz on a tree's cases: read a caller's story, walk the tree, see how you did
    ///
    /// In practice each answer is judged at once, with its why, and the walk keeps to the case's
    /// way; with --exam the walk follows you and you see the score at the end. Quiz walks are not
    /// calls and are never recorded as calls.
    Learn {
        /// The tree file (the bundled tree when none is named)
        #[arg(value_name = "TREE")]
        tree: Option<PathBuf>,

        /// The cases file, when it is not the one beside the tree
        #[arg(long, value_name = "FILE")]
        cases: Option<PathBuf>,

        /// Judge at the end: the walk follows your answers, and the score counts those that
        /// matched before your walk and the case's parted
        #[arg(long)]
        exam: bool,

        /// The cases in a shuffled order (the seed is said, to repeat it with --seed)
        #[arg(long)]
        shuffle: bool,

        /// Shuffle with this seed: the same seed, the same order
        #[arg(long, value_name = "N")]
        seed: Option<u64>,

        /// Who is taking the quiz, kept with the result (default: the person at the seat)
        #[arg(long, value_name = "NAME")]
        name: Option<String>,

        /// List the results kept, newest first, instead of taking a quiz
        #[arg(long)]
        results: bool,

        #[command(flatten)]
        seat: SeatArgs,
    },

    /// Write the whole checked tree as JSON (schema tread-tree 1), for tools and the web
    ///
    /// One document on one line; trees/README.md describes the schema.
    Export {
        /// The tree file
        #[arg(value_name = "TREE")]
        tree: PathBuf,

        /// What to write
        #[arg(long, value_enum, default_value_t = TreeFormat::Json)]
        format: TreeFormat,
    },

    /// Rewrite a format 1 tree as format 2 in place, keeping its comments
    ///
    /// Every byte is kept but the format number; the scale and words it had by default are
    /// written out after it, to edit for another field.
    Upgrade {
        /// The tree file (or parts file) to rewrite in place; it must check clean first
        #[arg(value_name = "FILE")]
        path: PathBuf,
    },

    /// Write a small starter tree, with comments on every field
    New {
        /// Where to write it (an existing file is never overwritten)
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },

    /// Calls recorded at this seat: list them (newest first), or show, export, prune, replay
    Calls {
        #[command(subcommand)]
        action: Option<CallsAction>,

        #[command(flatten)]
        filter: CallFilter,

        #[command(flatten)]
        seat: SeatArgs,
    },

    /// The shared store (PostgreSQL): migrate it, send the calls waiting here, see its state
    ///
    /// `migrate` makes or updates its tables (run as its owner role); `send` sends the ended
    /// calls waiting at this seat, oldest first; `status` says whether it is reached.
    Store {
        #[command(subcommand)]
        action: StoreAction,

        #[command(flatten)]
        seat: SeatArgs,
    },

    /// What the calls show, as charts in a terminal or tables in a pipe
    ///
    /// Calls by day, outcome and urgency, the warning signs that came up, the commonest paths,
    /// where staff went back or restarted, the time to an outcome, and the same by tree version.
    Report {
        /// Only calls started since then: a date (2026-11-01) or a time ago (12h, 7d, 2w)
        #[arg(long, value_name = "WHEN")]
        since: Option<String>,

        /// Only calls on this tree: its title, its file's path, or the start of its SHA-256
        #[arg(long, value_name = "TREE")]
        tree: Option<String>,

        /// Days in this time zone, as an offset from UTC (+01:00, -05:30, UTC) instead of each
        /// seat's own
        #[arg(long, value_name = "OFFSET", allow_hyphen_values = true)]
        tz: Option<String>,

        /// Charts on a terminal, text tables in a pipe; or JSON, or CSV
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,

        /// Only calls taken at this seat (given with --seat)
        #[command(flatten)]
        seat: SeatArgs,
    },

    /// Print shell completions for tread
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// What `tread store` does.
#[derive(Debug, Subcommand)]
pub enum StoreAction {
    /// Make the shared store's tables, or bring them up to this tread's schema (run it as the
    /// database's owner role; it also gives the seat and report roles their rights)
    Migrate,
    /// Send the ended calls waiting at this seat to the shared store, oldest first
    Send,
    /// Say which store calls go to, its schema, and how many calls wait at this seat
    Status,
}

/// How `tread report` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Charts (in a terminal)
    Chart,
    /// Tables for people
    Text,
    /// One JSON object
    Json,
    /// One row for each figure: section, key, label, value
    Csv,
}

/// Where calls are kept and who takes them; each overrides its environment variable, which
/// overrides the config file.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct SeatArgs {
    /// The store of calls: a SQLite file, or postgres://USER@HOST/DB [env: TREAD_STORE]
    #[arg(long, value_name = "PATH", global = true)]
    pub store: Option<PathBuf>,

    /// The seat's config file [env: TREAD_CONFIG; default: the user's config directory]
    #[arg(long, value_name = "PATH", global = true)]
    pub config: Option<PathBuf>,

    /// The seat taking calls [env: TREAD_SEAT]
    #[arg(long, value_name = "NAME", global = true)]
    pub seat: Option<String>,

    /// The person taking calls [env: TREAD_PERSON]
    #[arg(long, value_name = "NAME", global = true)]
    pub person: Option<String>,
}

/// Which calls `tread calls` lists (and `export` writes).
#[derive(Clone, Debug, Default, clap::Args)]
pub struct CallFilter {
    /// Only calls started since then: a date (2026-11-01) or a time ago (12h, 7d, 2w)
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,

    /// Only calls that ended at this outcome (its id, or words of its title)
    #[arg(long, value_name = "OUTCOME")]
    pub outcome: Option<String>,

    /// Only calls whose outcome has this urgency (Emergency, Urgent, Soon, Routine, SelfCare)
    #[arg(long, value_name = "URGENCY")]
    pub urgency: Option<String>,

    /// Only calls with each of these words in a note or an answer
    #[arg(long, value_name = "TEXT")]
    pub grep: Option<String>,

    /// At most this many calls
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: usize,
}

/// What `tread calls` does besides listing.
#[derive(Debug, Subcommand)]
pub enum CallsAction {
    /// One call's summary, or with --format json its whole record
    Show {
        /// The call's id, or its start (as git takes a commit's)
        #[arg(value_name = "ID")]
        id: String,

        /// The summary for people, or the whole record as JSON
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },

    /// Every call (or those since --since), oldest first: one JSON object a line, or CSV
    Export {
        /// JSON lines, or CSV with a header
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,

        /// Only calls started since then: a date (2026-11-01) or a time ago (12h, 7d, 2w)
        #[arg(long, value_name = "WHEN")]
        since: Option<String>,
    },

    /// Delete calls older than this: 24h, 90d, 12w (hours, days, weeks)
    Prune {
        /// How old a call must be to go
        #[arg(long, value_name = "AGE", required = true)]
        older_than: String,
    },

    /// Walk a call's answers through the tree as it is now: the same path and outcome, or where
    /// they part (exit 3)
    Replay {
        /// The call's id, or its start
        #[arg(value_name = "ID")]
        id: String,

        /// The tree to replay through (default: the file the call was taken on)
        #[arg(value_name = "TREE")]
        tree: Option<PathBuf>,
    },
    /// A call written as a case, to paste into the tree's cases file and edit: its answers and
    /// outcome, the story left to write
    ToCase {
        /// The call's id, or its start
        #[arg(value_name = "ID")]
        id: String,

        /// The tree the case is for (default: the file the call was taken on)
        #[arg(value_name = "TREE")]
        tree: Option<PathBuf>,
    },
}

/// How `tread calls show` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    /// The call summary, as pasted into a patient record
    Text,
    /// The whole record
    Json,
}

/// How `tread calls export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One JSON object a call, one a line
    Json,
    /// One row a call, with a header; formulas are quoted as text
    Csv,
}

/// How `tread check` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// `file:line:col`, the line, a caret and a hint
    Human,
    /// One JSON object per diagnostic, one per line
    Json,
}

/// What `tread graph` draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// Graphviz: `tread graph TREE | dot -Tsvg > tree.svg`
    Dot,
    /// A Mermaid flowchart, for Markdown that renders it
    Mermaid,
}

/// What `tread export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TreeFormat {
    /// One JSON document: the tree's fields, its scale and words, and every node
    Json,
}

/// How `tread paths` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PathsFormat {
    /// `1. Question: answer › … → URGENCY: outcome`
    Text,
    /// One JSON object a line
    Json,
}

/// How `tread test` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TestFormat {
    /// Each case, failures with where they went wrong, then the coverage
    Human,
    /// One JSON object a case, then one with the coverage
    Json,
}
