//! The command line, as clap types only.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Walk a decision tree, node by node, in the terminal.
///
/// With no arguments, tread walks its bundled tree: screening support for back pain caused by
/// muscle spasms, and when botulinum toxin A injections come into it. It is a guide for
/// non-clinical staff and a teaching aid, not a diagnosis.
#[derive(Debug, Parser)]
#[command(name = "tread", version, args_conflicts_with_subcommands = true)]
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

    /// Reload the tree when its file changes, keeping your place (for authors)
    #[arg(long, requires = "tree")]
    pub watch: bool,

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

    /// Write a small starter tree, with comments on every field
    New {
        /// Where to write it (an existing file is never overwritten)
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },

    /// Print shell completions for tread
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
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

/// How `tread paths` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PathsFormat {
    /// `1. Question: answer › … → URGENCY: outcome`
    Text,
    /// One JSON object a line
    Json,
}
