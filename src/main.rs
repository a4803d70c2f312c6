use clap::Parser;

fn main() -> std::process::ExitCode {
    tread::run(tread::cli::Cli::parse())
}
