//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Finds the data races in Go code that Go's race detector (`go test -race`) cannot see.
#[derive(Debug, Parser)]
#[command(name = "blindspot", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyze Go packages and report findings.
    Check(Box<CheckArgs>),
    /// List every rule.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print a rule's documentation.
    Explain {
        /// A rule id (BS202) or name (syscall-uintptr-escape).
        rule: String,
    },
    /// Print the effective configuration (the file found, with the command line's lists).
    Config(ConfigArgs),
    /// Remove the result cache that `check` would use from here.
    Clean(CacheArgs),
}

/// Where the result cache is.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CacheArgs {
    /// The cache directory (default: `.blindspot_cache` at the project root: the closest
    /// directory at or above the analyzed paths with a blindspot.toml, go.work, go.mod or .git).
    #[arg(long, value_name = "DIR", env = "BLINDSPOT_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
}

/// Where the configuration comes from, and the lists that override it.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ConfigArgs {
    /// Read this configuration file instead of the closest `blindspot.toml` /
    /// `.blindspot.toml` at or above the analyzed paths.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Run only these rules: comma-separated ids or prefixes (`BS1,BS202`); replaces the
    /// file's `select`.
    #[arg(long, value_name = "IDS")]
    pub select: Option<String>,

    /// Do not run these rules: comma-separated ids or prefixes; replaces the file's `ignore`.
    #[arg(long, value_name = "IDS")]
    pub ignore: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Packages to analyze: `./...`, `dir/...`, `dir`, or `file.go` (default `./...`).
    #[arg(value_name = "PATTERN")]
    pub patterns: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// When to color text output (`auto` honours NO_COLOR and whether stdout is a terminal).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Exit 0 even when there are findings (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Number of threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,

    /// Do not print warnings about the run (syntax errors, skipped files) on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Also list the findings that suppression directives silenced, with their reasons.
    #[arg(long)]
    pub show_suppressed: bool,

    /// Report findings in generated files (`// Code generated ... DO NOT EDIT.`) too.
    #[arg(long)]
    pub include_generated: bool,

    /// Print the number of findings per rule instead of the findings (text or json).
    #[arg(long)]
    pub statistics: bool,

    /// Parse every package, even those a text scan shows can hold no finding and export no
    /// fact (slower; the output is the same).
    #[arg(long)]
    pub no_prefilter: bool,

    /// Do not read or write the result cache.
    #[arg(long)]
    pub no_cache: bool,

    /// Stop the analysis of a package after this many units of work (steps of the passes'
    /// worklists; the same on any machine and number of threads), with a warning naming it.
    #[arg(long, value_name = "UNITS", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_package_work: Option<u64>,

    /// Analyze only the files this operating system builds (default: every one's files
    /// together). Read from the `GOOS` environment variable too, as go does.
    #[arg(long, value_name = "GOOS", env = "GOOS")]
    pub goos: Option<String>,

    /// Analyze only the files this architecture builds; `GOARCH` from the environment too.
    #[arg(long, value_name = "GOARCH", env = "GOARCH")]
    pub goarch: Option<String>,

    /// Build tags of the configuration to analyze, comma-separated, as `go build -tags`
    /// (`cgo` is set unless `CGO_ENABLED=0`). Restricts the run like --goos.
    #[arg(long, value_name = "TAGS", value_delimiter = ',')]
    pub tags: Vec<String>,

    #[command(flatten)]
    pub cache: CacheArgs,

    /// SARIF: the analysis category (`runs[].automationDetails.id`, default `blindspot`);
    /// give each blindspot upload of one repository its own (one per module, say).
    #[arg(long, value_name = "NAME")]
    pub category: Option<String>,

    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable diagnostics with source snippets.
    Text,
    /// One JSON document (see docs/json-format.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow-command annotations.
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
